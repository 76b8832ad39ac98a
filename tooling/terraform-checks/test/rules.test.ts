import { beforeAll, describe, expect, it } from 'vitest';
import { formatViolation, type ParsedFile, type Violation } from '../src/hcl.ts';
import {
  checkBackends,
  checkDefaultTags,
  checkEncryption,
  checkInstanceAccess,
  checkLayout,
  checkModuleSources,
  checkOutputsDescribed,
  checkProviderVersions,
  checkRequiredVersion,
  checkS3PublicAccessBlocked,
  checkSecretVariables,
  checkSecurityGroupIngress,
  checkTfvarsHoldNoSecrets,
  checkVariablesTypedAndDescribed,
  STATE_KEY_ALIAS,
} from '../src/rules.ts';
import { ENVIRONMENTS, MODULES, parsedTerraform, ROOTS, terraformPaths } from './helpers.ts';

// Each rule over the real terraform/ tree. A failure lists "file: block: what is wrong".
const report = (violations: Violation[]): string[] => violations.map(formatViolation);

describe('terraform/ follows the platform rules', () => {
  let files: ParsedFile[];
  beforeAll(async () => {
    files = await parsedTerraform();
  });

  it('has the expected modules and environments, each with its standard files', () => {
    expect(report(checkLayout(terraformPaths, { modules: MODULES, roots: ROOTS }))).toEqual([]);
    expect(terraformPaths).toContain('terraform/.tflint.hcl');
    expect(terraformPaths).toContain('terraform/README.md');
    for (const environment of ENVIRONMENTS) expect(terraformPaths).toContain(`${environment}/README.md`);
  });

  it('every module and root sets required_version', () => {
    expect(report(checkRequiredVersion(files))).toEqual([]);
  });

  it('every provider is declared with a source and a version constraint', () => {
    expect(report(checkProviderVersions(files))).toEqual([]);
  });

  it('every registry module is pinned to an exact version, local modules use relative paths', () => {
    expect(report(checkModuleSources(files))).toEqual([]);
  });

  it('every variable has a type and a description', () => {
    expect(report(checkVariablesTypedAndDescribed(files))).toEqual([]);
  });

  it('every output has a description', () => {
    expect(report(checkOutputsDescribed(files))).toEqual([]);
  });

  it('secret-like variables have no default and are sensitive', () => {
    expect(report(checkSecretVariables(files))).toEqual([]);
  });

  it('no tfvars example holds a secret', () => {
    expect(report(checkTfvarsHoldNoSecrets(files))).toEqual([]);
  });

  it('every storage resource is encrypted', () => {
    expect(report(checkEncryption(files))).toEqual([]);
  });

  it('every S3 bucket blocks public access', () => {
    expect(report(checkS3PublicAccessBlocked(files))).toEqual([]);
  });

  it('no security group admits the internet except on 80/443, and none admits SSH', () => {
    expect(report(checkSecurityGroupIngress(files))).toEqual([]);
  });

  it('instances require IMDSv2 and have no SSH key pair', () => {
    expect(report(checkInstanceAccess(files))).toEqual([]);
  });

  it('every root tags its resources through the provider default_tags', () => {
    expect(report(checkDefaultTags(files, ROOTS))).toEqual([]);
  });

  it('every root keeps its state in S3 with encryption and native locking', () => {
    expect(report(checkBackends(files, ROOTS))).toEqual([]);
  });

  it("the backends' KMS alias is the one the bootstrap creates", () => {
    const bootstrap = files.find((file) => file.path === 'terraform/bootstrap/main.tf');
    const resource = bootstrap?.body.resource as Record<string, Record<string, Array<{ name?: string }>>> | undefined;
    const aliases = resource?.aws_kms_alias;
    expect(aliases?.state?.[0]?.name).toBe(STATE_KEY_ALIAS);
  });
});
