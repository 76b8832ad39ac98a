// The files around the workflows: Dependabot, CODEOWNERS, the pull request template and
// the README section that explains the pipeline.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { codeownersProblems, parseCodeowners } from '../src/codeowners.ts';
import { coverageProblems, type DependabotConfig, dependabotProblems, requiredFolders } from '../src/dependabot.ts';
import { readRepoFile, repoFiles } from '../src/paths.ts';
import { workflowPaths } from './helpers.ts';

describe('.github/dependabot.yml', () => {
  const config = parse(readRepoFile('.github/dependabot.yml')) as DependabotConfig;

  it('is a valid version 2 config: known ecosystems and keys, weekly, grouped, folders that exist', () => {
    expect(dependabotProblems(config)).toEqual([]);
  });

  it('covers npm (pnpm), Docker, GitHub Actions and Terraform', () => {
    const ecosystems = (config.updates ?? []).map((update) => update['package-ecosystem']);
    expect(ecosystems).toEqual(expect.arrayContaining(['npm', 'docker', 'github-actions', 'terraform']));
  });

  it('watches every Dockerfile, Terraform root and module, the workflows and every local action', () => {
    expect(coverageProblems(config, requiredFolders())).toEqual([]);
  });
});

describe('.github/CODEOWNERS', () => {
  const rules = parseCodeowners(readRepoFile('.github/CODEOWNERS'));

  it('gives everything an owner, and .github/ to the platform team', () => {
    expect(rules[0]?.pattern).toBe('*');
    expect(rules.find((rule) => rule.pattern === '/.github/')?.owners.length).toBeGreaterThan(0);
  });

  it('has only patterns that match files, each with well-formed owners', () => {
    expect(codeownersProblems(rules, repoFiles())).toEqual([]);
  });
});

describe('.github/pull_request_template.md', () => {
  it('exists and asks how the change was tested and how it is rolled back', () => {
    const template = readRepoFile('.github/pull_request_template.md');
    expect(template).toContain('## How it was tested');
    expect(template).toContain('## Rollout and rollback');
  });
});

describe('docs/cicd.md, linked from the README', () => {
  const text = readRepoFile('docs/cicd.md');

  it('is the page the README links to', () => {
    expect(readRepoFile('README.md')).toContain('(docs/cicd.md)');
  });

  it('draws the pipeline as a Mermaid flowchart', () => {
    expect(text).toMatch(/```mermaid\n(flowchart|graph) /);
  });

  it.each(workflowPaths)('explains %s', (workflowPath) => {
    expect(text).toContain(workflowPath.replace('.github/workflows/', ''));
  });

  it('says how to verify a signature with cosign', () => {
    expect(text).toContain('cosign verify ghcr.io/');
    expect(text).toContain('--certificate-identity-regexp');
    expect(text).toContain('--certificate-oidc-issuer https://token.actions.githubusercontent.com');
  });

  it('lists what a fork must configure', () => {
    for (const setting of [
      'AWS_TERRAFORM_PLAN_ROLE_ARN',
      'AWS_TERRAFORM_APPLY_ROLE_ARN',
      'TF_STATE_BUCKET',
      'TFVARS_PRODUCTION',
      'production',
    ]) {
      expect(text).toContain(setting);
    }
  });

  it('answers the CI/CD questions the documents ask', () => {
    for (const topic of [
      'continuous delivery',
      'continuous deployment',
      'blue-green',
      'canary',
      'rolling',
      'rollback',
      'GitOps',
    ]) {
      expect(text.toLowerCase()).toContain(topic.toLowerCase());
    }
  });
});
