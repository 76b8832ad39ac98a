import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnnotations, findAnnotations, loadCatalog } from '../src/annotations.ts';
import { formatViolation, listFiles, repoRoot } from '../src/hcl.ts';
import { terraformPaths } from './helpers.ts';

const catalog = loadCatalog();
const annotatedFiles = [
  ...terraformPaths.filter((path) => /\.(tf|tftpl|hcl|example)$/.test(path)),
  ...listFiles(join(repoRoot, 'tooling', 'terraform-checks', 'src')),
];
const annotations = annotatedFiles.flatMap((path) => findAnnotations(path, readFileSync(join(repoRoot, path), 'utf8')));
const answered = new Set(annotations.map(({ id }) => id));

describe('Q(id) annotations', () => {
  it('every annotation names an artifact question of the catalog and uses its topic', () => {
    expect(annotations.length).toBeGreaterThan(30);
    expect(checkAnnotations(annotations, catalog).map(formatViolation)).toEqual([]);
  });

  it('every Terraform question of the catalog is answered somewhere in terraform/', () => {
    const terraformIds = [...catalog.values()].filter((question) => question.topic === 'terraform').map(({ id }) => id);
    expect(terraformIds.length).toBeGreaterThan(5);
    expect(terraformIds.filter((id) => !answered.has(id))).toEqual([]);
  });

  it('the AWS, high availability, recovery, cost, secrets and host monitoring questions are answered too', () => {
    const expected = [
      'aws-core-services',
      'aws-ha-architecture',
      'aws-iam-security-groups',
      'cost-optimisation',
      'ha-multi-az',
      'dr-backup-restore',
      'dr-plan-rto-rpo',
      'secrets-management',
      'security-encryption',
      'security-host-firewall',
      'k8s-secrets-handling',
      'obs-host-monitoring',
    ];
    expect(expected.filter((id) => !answered.has(id))).toEqual([]);
  });

  it('catches an unknown id, a talk question, a missing question and a question off its topic', () => {
    const text = [
      '# Q(tf-made-up): How does Terraform do this?',
      '# Q(behav-mentoring): How do you mentor juniors on your team?',
      '# Q(tf-drift):',
      '// Q(tf-drift): How do you notice that somebody changed things by hand?',
      '# Q(tf-drift): How do you detect drift between Terraform and what runs?',
    ].join('\n');
    expect(checkAnnotations(findAnnotations('x.tf', text), catalog).map(formatViolation)).toEqual([
      'x.tf: line 1: Q(tf-made-up): is not an id of docs/interview/questions.yaml',
      'x.tf: line 2: Q(behav-mentoring): is a talk question, not answered by a file',
      'x.tf: line 3: Q(tf-drift): must be followed by the question',
      'x.tf: line 4: Q(tf-drift): mentions none of the terraform keywords (terraform, iac, infrastructure as code, ansible, remote state, state locking, drift, policy as code, terratest, modules)',
    ]);
  });
});
