// Settings of the EKS and Redis modules that no policy tool knows to ask for, each one a
// defect that only shows in a real account: policies silently not enforced, nodes that
// never follow the HPA, and a second destroy that fails on an existing snapshot name.
import { beforeAll, describe, expect, it } from 'vitest';
import { type HclBody, parseRepoFile } from '../src/hcl.ts';

type Blocks = Record<string, Record<string, HclBody[]>>;

describe('terraform/modules/eks', () => {
  let addons: Record<string, HclBody>;
  let locals: Record<string, Record<string, HclBody>>;
  let autoscalerPolicy: HclBody[];
  beforeAll(async () => {
    const main = await parseRepoFile('terraform/modules/eks/main.tf');
    addons = ((main.body.module as Record<string, HclBody[]>).eks?.[0]?.addons ?? {}) as Record<string, HclBody>;
    const autoscaler = await parseRepoFile('terraform/modules/eks/cluster-autoscaler.tf');
    locals = Object.assign({}, ...(autoscaler.body.locals as Record<string, Record<string, HclBody>>[]));
    autoscalerPolicy = ((autoscaler.body.data as Blocks).aws_iam_policy_document?.cluster_autoscaler?.[0]?.statement ??
      []) as HclBody[];
  });

  it('turns on the VPC CNI network policy agent, so NetworkPolicies are enforced', () => {
    expect(String(addons['vpc-cni']?.configuration_values)).toMatch(
      /jsonencode\(\{\s*enableNetworkPolicy\s*=\s*"true"\s*\}\)/,
    );
  });

  it('gives the Cluster Autoscaler its IRSA role in kube-system', () => {
    expect(String(locals.service_account_roles)).toContain('cluster-autoscaler');
    expect(String(locals.service_account_roles)).toMatch(/namespace\s*=\s*"kube-system"/);
  });

  it('lets the autoscaler resize only node groups tagged for this cluster', () => {
    const resize = autoscalerPolicy.find((statement) =>
      (statement.actions as string[]).includes('autoscaling:SetDesiredCapacity'),
    );
    const condition = (resize?.condition as HclBody[] | undefined)?.[0];
    expect(condition?.variable).toMatch(
      /^aws:ResourceTag\/k8s\.io\/cluster-autoscaler\/\$\{module\.eks\.cluster_name\}$/,
    );
    expect(condition?.values).toEqual(['owned']);
  });
});

describe('terraform/modules/redis', () => {
  let resources: Blocks;
  beforeAll(async () => {
    resources = (await parseRepoFile('terraform/modules/redis/main.tf')).body.resource as Blocks;
  });

  it('names the final snapshot with a suffix that is new for every life of the environment', () => {
    const group = resources.aws_elasticache_replication_group?.this?.[0];
    expect(group?.final_snapshot_identifier).toMatch(/^\$\{var\.name\}-final-\$\{random_id\.final_snapshot\.hex\}$/);
    expect(resources.random_id?.final_snapshot?.[0]?.keepers).toBeUndefined();
  });
});
