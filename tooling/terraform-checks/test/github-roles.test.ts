// Who may run Terraform from GitHub Actions: terraform/bootstrap/github-actions.tf makes
// the roles, .github/workflows/terraform.yml picks one per job. A plan runs whatever a
// branch puts in it, so only jobs of a protected environment may reach a role that writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type HclBody, parseRepoFile, repoRoot } from '../src/hcl.ts';

/** A Terraform or Actions interpolation as the parsers return it: `${expression}`. */
const interpolated = (expression: string) => `\${${expression}}`;

interface Step {
  uses?: string;
  with?: Record<string, string>;
}
interface Job {
  environment?: string;
  steps?: Step[];
}

describe('the GitHub Actions roles of terraform/bootstrap', () => {
  let locals: Record<string, unknown>;
  let resources: Record<string, Record<string, HclBody[]>>;
  beforeAll(async () => {
    const file = await parseRepoFile('terraform/bootstrap/github-actions.tf');
    locals = Object.assign({}, ...(file.body.locals as Record<string, unknown>[]));
    resources = file.body.resource as Record<string, Record<string, HclBody[]>>;
  });

  it('trust the plan role for pull requests and main, each apply role for its environment only', () => {
    const repository = interpolated('local.repository');
    expect(locals.github_terraform_roles).toEqual({
      plan: [`${repository}:pull_request`, `${repository}:ref:refs/heads/main`],
      'apply-staging': [`${repository}:environment:staging`],
      'apply-production': [`${repository}:environment:production`],
    });
    expect(locals.repository).toBe(`repo:${interpolated('var.github_repository')}`);
  });

  it('give the plan role read-only access, and write access to the apply roles alone', () => {
    const attachments = resources.aws_iam_role_policy_attachment ?? {};
    expect(attachments.plan_read_only?.[0]?.policy_arn).toMatch(/:policy\/ReadOnlyAccess$/);
    expect(attachments.plan_read_only?.[0]?.role).toContain('["plan"]');
    expect(attachments.apply_administrator?.[0]?.for_each).toBe(
      interpolated('toset(["apply-staging", "apply-production"])'),
    );
    expect(Object.keys(attachments).sort()).toEqual(['apply_administrator', 'plan_read_only']);
  });
});

describe('terraform.yml', () => {
  const workflow = parse(readFileSync(join(repoRoot, '.github/workflows/terraform.yml'), 'utf8')) as {
    jobs: Record<string, Job>;
  };
  const roleOf = (job: Job) =>
    job.steps?.find((step) => step.uses === './.github/actions/terraform-init')?.with?.['role-arn'];
  const awsJobs = Object.entries(workflow.jobs).filter(([, job]) => roleOf(job) !== undefined);

  it('has jobs that talk to AWS', () => {
    expect(awsJobs.map(([name]) => name).sort()).toEqual(['apply-production', 'apply-staging', 'drift', 'plan']);
  });

  it.each(awsJobs)('%s reaches the apply role only inside a protected environment', (_name, job) => {
    if (job.environment) expect(roleOf(job)).toBe(interpolated('{ vars.AWS_TERRAFORM_APPLY_ROLE_ARN }'));
    else {
      expect(roleOf(job)).toContain('AWS_TERRAFORM_PLAN_ROLE_ARN');
      expect(roleOf(job)).not.toContain('APPLY');
    }
  });
});
