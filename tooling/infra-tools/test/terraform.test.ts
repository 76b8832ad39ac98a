import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runTool } from '../src/tool.ts';

describe('terraform fmt', () => {
  it('finds nothing to reformat under terraform/', () => {
    const { status, stdout } = runTool('terraform', ['fmt', '-check', '-recursive', '-diff', 'terraform']);
    expect(stdout).toBe('');
    expect(status).toBe(0);
  });

  it('names a file that is not formatted', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fmt-'));
    writeFileSync(join(folder, 'main.tf'), 'variable "a" {\ntype=string\n}\n');
    const { status, stdout } = runTool('terraform', ['fmt', '-check', folder]);
    expect(status).toBe(3);
    expect(stdout).toMatch(/main\.tf/);
  });
});

// tflint with terraform/.tflint.hcl: typed and documented variables and outputs, pinned
// module sources, required versions, naming, the standard module structure, unused
// declarations. The AWS ruleset it also names is a plugin tflint fetches from GitHub
// releases, which terraform.yml does on GitHub; its Go module is not served to this
// machine, so here the configuration runs without that one plugin block.
describe('tflint', () => {
  function configWithoutAwsPlugin(): string {
    const config = readFileSync(join(repoRoot, 'terraform/.tflint.hcl'), 'utf8');
    const withoutAws = config.replace(/^plugin "aws" \{[\s\S]*?^\}\n/m, '');
    expect(withoutAws).not.toMatch(/plugin "aws"/);
    const file = join(mkdtempSync(join(tmpdir(), 'tflint-')), '.tflint.hcl');
    writeFileSync(file, withoutAws);
    return file;
  }

  it('finds nothing in any root or module', () => {
    const config = configWithoutAwsPlugin();
    const { status, stdout, stderr } = runTool('tflint', [
      '--recursive',
      '--chdir',
      'terraform',
      '--config',
      config,
      '--format',
      'compact',
    ]);
    expect(`${stdout}${stderr}`.trim()).toBe('');
    expect(status).toBe(0);
  });

  it('finds an untyped, undocumented variable', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tflint-module-'));
    writeFileSync(
      join(folder, 'main.tf'),
      'terraform {\n  required_version = ">= 1.11"\n}\n\nvariable "name" {}\n\noutput "name" {\n  value = var.name\n}\n',
    );
    const { status, stdout } = runTool('tflint', [
      '--chdir',
      folder,
      '--config',
      configWithoutAwsPlugin(),
      '--format',
      'compact',
    ]);
    expect(status).not.toBe(0);
    expect(stdout).toMatch(/terraform_typed_variables/);
    expect(stdout).toMatch(/terraform_documented_variables/);
  });
});
