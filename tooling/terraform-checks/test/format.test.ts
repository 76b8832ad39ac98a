import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terraformRoot } from '../src/hcl.ts';
import { fmtCheck, terraformVersion } from '../src/terraform.ts';

describe(`terraform fmt (${terraformVersion()})`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'terraform-fmt-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('terraform fmt -check -recursive finds nothing to reformat in terraform/', () => {
    const { status, stdout, stderr } = fmtCheck(terraformRoot);
    expect(`${stdout}${stderr}`.trim()).toBe('');
    expect(status).toBe(0);
  });

  it('fails, naming the file and showing the diff, on a file that is not formatted', () => {
    writeFileSync(join(scratch, 'main.tf'), 'variable "x" {\ntype=string\n  description = "x"\n}\n');
    const { status, stdout } = fmtCheck(scratch);
    expect(status).toBe(3);
    expect(stdout).toContain('main.tf');
    expect(stdout).toContain('+  type        = string');
  });
});
