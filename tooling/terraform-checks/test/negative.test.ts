import { describe, expect, it } from 'vitest';
import { formatViolation, type Violation } from '../src/hcl.ts';
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
  isSecretName,
} from '../src/rules.ts';
import { fixture } from './helpers.ts';

// Every checker against a small fixture that breaks its rule: proof that it can fail, and
// that it names the file and block. Fixture paths are made up; nothing is read from disk.
// hcl2json orders blocks by type and name, so violations are compared as sets.
const expectFound = (violations: Violation[], expected: string[]): void => {
  expect(violations.map(formatViolation).sort()).toEqual([...expected].sort());
};

describe('each checker catches a fixture that breaks its rule', () => {
  it('layout: a missing standard file and an unexpected module', () => {
    const paths = [
      'terraform/modules/a/main.tf',
      'terraform/modules/a/variables.tf',
      'terraform/modules/a/versions.tf',
      'terraform/modules/stray/main.tf',
    ];
    expectFound(checkLayout(paths, { modules: ['terraform/modules/a'], roots: [] }), [
      'terraform/modules/a: outputs.tf: is missing',
      'terraform/modules/stray: module: is not one of the expected modules',
    ]);
  });

  it('required_version: a module without it', async () => {
    const files = await fixture({
      'm/versions.tf':
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 6.0" }\n  }\n}\n',
      'ok/versions.tf': 'terraform {\n  required_version = ">= 1.11"\n}\n',
    });
    expectFound(checkRequiredVersion(files), [
      'm: terraform.required_version: no file of this module sets required_version',
    ]);
  });

  it('provider versions: an unversioned provider and a used but undeclared one', async () => {
    const files = await fixture({
      'm/versions.tf': 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n',
      'm/main.tf': 'resource "random_password" "p" {\n  length = 32\n}\nresource "terraform_data" "t" {}\n',
    });
    expectFound(checkProviderVersions(files), [
      'm/versions.tf: required_providers.aws: has no version constraint',
      'm: required_providers.random: is used by a resource but not declared',
    ]);
  });

  it('module sources: a floating registry version, an unpinned git source, a versioned local path', async () => {
    const files = await fixture({
      'm/main.tf': [
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 6.0"\n}',
        'module "git" {\n  source = "git::https://example.com/modules.git//vpc"\n}',
        'module "local" {\n  source  = "../network"\n  version = "1.0.0"\n}',
        'module "fine" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "21.15.1"\n}',
      ].join('\n'),
    });
    expectFound(checkModuleSources(files), [
      'm/main.tf: module.vpc: registry module terraform-aws-modules/vpc/aws needs an exact version (x.y.z), has ~> 6.0',
      'm/main.tf: module.git: source git::https://example.com/modules.git//vpc must pin a tag or commit with ?ref=',
      'm/main.tf: module.local: is local, so a version means nothing',
    ]);
  });

  it('variables: one without a type, one without a description', async () => {
    const files = await fixture({
      'm/variables.tf': 'variable "untyped" {\n  description = "d"\n}\nvariable "silent" {\n  type = string\n}\n',
    });
    expectFound(checkVariablesTypedAndDescribed(files), [
      'm/variables.tf: var.untyped: has no type',
      'm/variables.tf: var.silent: has no description',
    ]);
  });

  it('outputs: one without a description', async () => {
    const files = await fixture({ 'm/outputs.tf': 'output "id" {\n  value = 1\n}\n' });
    expectFound(checkOutputsDescribed(files), ['m/outputs.tf: output.id: has no description']);
  });

  it('secret variables: a password with a default that is not sensitive; references to secrets are fine', async () => {
    const files = await fixture({
      'm/variables.tf': [
        'variable "db_password" {\n  type        = string\n  description = "d"\n  default     = "hunter2"\n}',
        'variable "api_token" {\n  type        = string\n  description = "d"\n  sensitive   = true\n}',
        'variable "kms_key_arn" {\n  type        = string\n  description = "d"\n  default     = null\n}',
      ].join('\n'),
    });
    expectFound(checkSecretVariables(files), [
      'm/variables.tf: var.db_password: looks like a secret but has a default',
      'm/variables.tf: var.db_password: looks like a secret but is not sensitive = true',
    ]);
    expect(['redis_password', 'auth_token', 'secret_key', 'api_keys'].every(isSecretName)).toBe(true);
    expect(['auth_token_secret_name', 'kms_key_arn', 'monkey', 'tokenizer'].some(isSecretName)).toBe(false);
  });

  it('tfvars: a secret-like name and an access key in a value', async () => {
    const files = await fixture({
      'env/terraform.tfvars.example':
        'redis_password = "changeme"\ntags = { note = "AKIAABCDEFGHIJKLMNOP" }\nowner = "x"\n',
    });
    expectFound(checkTfvarsHoldNoSecrets(files), [
      'env/terraform.tfvars.example: redis_password: sets a secret-like value',
      'env/terraform.tfvars.example: tags.note: holds an AWS access key ID',
    ]);
  });

  it('encryption: unencrypted bucket, volumes, cache, cluster, registry and EKS module', async () => {
    const files = await fixture({
      'm/main.tf': [
        'resource "aws_s3_bucket" "plain" {\n  bucket = "b"\n}',
        'resource "aws_s3_bucket" "sealed" {\n  bucket = "s"\n}',
        'resource "aws_s3_bucket_server_side_encryption_configuration" "sealed" {\n  bucket = aws_s3_bucket.sealed.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}',
        'resource "aws_ebs_volume" "data" {\n  availability_zone = "a"\n  size = 1\n}',
        'resource "aws_instance" "host" {\n  ami = "x"\n}',
        'resource "aws_launch_template" "nodes" {\n  block_device_mappings {\n    ebs {\n      encrypted = false\n    }\n  }\n}',
        'resource "aws_elasticache_replication_group" "redis" {\n  at_rest_encryption_enabled = true\n}',
        'resource "aws_eks_cluster" "k8s" {\n  name = "k"\n}',
        'resource "aws_ecr_repository" "api" {\n  name = "api"\n}',
        'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "21.15.1"\n  eks_managed_node_groups = {\n    default = { instance_types = ["t3.medium"] }\n  }\n}',
      ].join('\n'),
    });
    expectFound(checkEncryption(files), [
      'm/main.tf: aws_s3_bucket.plain: has no aws_s3_bucket_server_side_encryption_configuration',
      'm/main.tf: aws_ebs_volume.data: must set encrypted = true',
      'm/main.tf: aws_instance.host: has no root_block_device, so its root volume encryption is left to account defaults',
      'm/main.tf: aws_launch_template.nodes: every block_device_mappings.ebs must set encrypted = true',
      'm/main.tf: aws_elasticache_replication_group.redis: must set transit_encryption_enabled = true',
      'm/main.tf: aws_eks_cluster.k8s: must envelope-encrypt secrets (encryption_config with resources = ["secrets"])',
      'm/main.tf: aws_ecr_repository.api: must name its encryption_configuration (AES256 or KMS) rather than rely on the default',
      'm/main.tf: module.eks: EKS module must set encryption_config = { resources = ["secrets"] }',
      'm/main.tf: module.eks.eks_managed_node_groups.default: node disks must be encrypted = true',
    ]);
  });

  it('S3 public access: a bucket without a complete public access block', async () => {
    const files = await fixture({
      'm/main.tf': [
        'resource "aws_s3_bucket" "open" {\n  bucket = "o"\n}',
        'resource "aws_s3_bucket_public_access_block" "open" {\n  bucket = aws_s3_bucket.open.id\n  block_public_acls = true\n  block_public_policy = false\n  ignore_public_acls = true\n  restrict_public_buckets = true\n}',
      ].join('\n'),
    });
    expectFound(checkS3PublicAccessBlocked(files), [
      'm/main.tf: aws_s3_bucket.open: has no aws_s3_bucket_public_access_block with all four settings true',
    ]);
  });

  it('security groups: SSH and an app port open to the world, IPv6 and all ports; 443 stays allowed', async () => {
    const files = await fixture({
      'm/main.tf': [
        'resource "aws_vpc_security_group_ingress_rule" "ssh" {\n  cidr_ipv4 = "0.0.0.0/0"\n  ip_protocol = "tcp"\n  from_port = 22\n  to_port = 22\n}',
        'resource "aws_vpc_security_group_ingress_rule" "api" {\n  cidr_ipv6 = "::/0"\n  ip_protocol = "tcp"\n  from_port = 3000\n  to_port = 3000\n}',
        'resource "aws_vpc_security_group_ingress_rule" "https" {\n  cidr_ipv4 = "0.0.0.0/0"\n  ip_protocol = "tcp"\n  from_port = 443\n  to_port = 443\n}',
        'resource "aws_vpc_security_group_ingress_rule" "variable" {\n  cidr_ipv4 = var.cidr\n  ip_protocol = "tcp"\n  from_port = 80\n  to_port = 80\n}',
        'resource "aws_security_group" "wide" {\n  ingress {\n    from_port = 0\n    to_port = 0\n    protocol = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}',
        'resource "aws_security_group_rule" "egress" {\n  type = "egress"\n  from_port = 0\n  to_port = 0\n  protocol = "-1"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
      ].join('\n'),
    });
    expectFound(checkSecurityGroupIngress(files), [
      'm/main.tf: aws_vpc_security_group_ingress_rule.ssh: admits SSH (port 22); use SSM Session Manager',
      'm/main.tf: aws_vpc_security_group_ingress_rule.ssh: open to the internet on 22-22/tcp; only tcp 80 or 443 may be',
      'm/main.tf: aws_vpc_security_group_ingress_rule.api: open to the internet on 3000-3000/tcp; only tcp 80 or 443 may be',
      'm/main.tf: aws_vpc_security_group_ingress_rule.variable: takes its CIDR from an expression, so its exposure cannot be checked',
      'm/main.tf: aws_security_group.wide.ingress[0]: open to the internet on 0-0/-1; only tcp 80 or 443 may be',
    ]);
  });

  it('instance access: IMDSv1 allowed, a key pair, an EKS node group without IMDSv2', async () => {
    const files = await fixture({
      'm/main.tf': [
        'resource "aws_instance" "host" {\n  ami = "x"\n  key_name = "ops"\n}',
        'resource "aws_key_pair" "ops" {\n  public_key = "ssh-ed25519 AAAA"\n}',
        'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "21.15.1"\n  eks_managed_node_groups = {\n    default = { metadata_options = { http_tokens = "optional" } }\n  }\n}',
      ].join('\n'),
    });
    expectFound(checkInstanceAccess(files), [
      'm/main.tf: aws_instance.host: must require IMDSv2 (metadata_options.http_tokens = "required")',
      'm/main.tf: aws_instance.host: sets key_name; use SSM Session Manager instead of SSH',
      'm/main.tf: aws_key_pair.ops: SSH key pairs are not used; use SSM Session Manager',
      'm/main.tf: module.eks.eks_managed_node_groups.default: must require IMDSv2',
    ]);
  });

  it('default_tags: a provider without them, one missing a tag, a root with no provider', async () => {
    const files = await fixture({
      'a/providers.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\n',
      'b/providers.tf':
        'provider "aws" {\n  default_tags {\n    tags = { Project = "shortly", ManagedBy = "terraform" }\n  }\n}\n',
      'c/main.tf': 'locals {\n  x = 1\n}\n',
    });
    expectFound(checkDefaultTags(files, ['a', 'b', 'c']), [
      'a/providers.tf: provider.aws: has no default_tags',
      'b/providers.tf: provider.aws: default_tags lacks Environment',
      'c: provider.aws: the root configures no AWS provider',
    ]);
  });

  it('backends: a DynamoDB lock without use_lockfile, a local backend, no backend at all', async () => {
    const files = await fixture({
      'a/backend.tf':
        'terraform {\n  backend "s3" {\n    key = "a"\n    encrypt = true\n    dynamodb_table = "locks"\n  }\n}\n',
      'b/backend.tf': 'terraform {\n  backend "local" {}\n}\n',
      'c/main.tf': 'locals {\n  x = 1\n}\n',
    });
    expectFound(checkBackends(files, ['a', 'b', 'c']), [
      'a/backend.tf: terraform.backend.s3: must set use_lockfile = true',
      'a/backend.tf: terraform.backend.s3: must set kms_key_id = "alias/shortly-terraform-state"',
      'a/backend.tf: terraform.backend.s3: dynamodb_table is the old lock; use_lockfile replaces it',
      'b/backend.tf: terraform.backend.local: state must live in the S3 backend',
      'c: terraform.backend: needs exactly one backend, has 0',
    ]);
  });
});
