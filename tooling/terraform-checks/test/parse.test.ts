import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHclFile, parseHcl, repoRoot } from '../src/hcl.ts';
import { terraformPaths } from './helpers.ts';

describe('every Terraform file parses', () => {
  const hclFiles = terraformPaths.filter(isHclFile);

  it('finds the configuration, the example variable files and the tflint config', () => {
    expect(hclFiles.filter((path) => path.endsWith('.tf')).length).toBeGreaterThan(30);
    expect(hclFiles.filter((path) => path.endsWith('.tfvars.example'))).toHaveLength(4);
    expect(hclFiles).toContain('terraform/.tflint.hcl');
  });

  it.each(hclFiles)('%s', async (path) => {
    const { body } = await parseHcl(path, readFileSync(join(repoRoot, path), 'utf8'));
    expect(Object.keys(body).length).toBeGreaterThan(0);
  });

  it('rejects broken HCL, naming the file and the line', async () => {
    await expect(parseHcl('terraform/broken.tf', 'resource "aws_s3_bucket" "x" {\n  bucket = "a"\n')).rejects.toThrow(
      /broken\.tf:\d+/,
    );
  });
});
