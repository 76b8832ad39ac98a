// Q(tf-policy-as-code): How does policy as code (OPA, Sentinel, Checkov) guard Terraform changes?
// The platform's rules for Terraform, written as code and run on every change like unit
// tests: each checker reads the parsed HCL and returns the blocks that break its rule. They
// run offline, in seconds, before any plan; checkov in the pipeline adds its catalogue of
// AWS checks on top. A rule a reviewer has to remember is a rule that gets missed.
import {
  doubleLabelBlocks,
  type HclBody,
  isBody,
  isExpression,
  isTfvarsFile,
  nestedBlocks,
  type ParsedFile,
  resources,
  singleLabelBlocks,
  terraformBlocks,
  type Violation,
} from './hcl.ts';

const violation = (file: string, name: string, message: string): Violation => ({ file, name, message });

const byDirectory = (files: ParsedFile[]): Map<string, ParsedFile[]> => {
  const dirs = new Map<string, ParsedFile[]>();
  for (const file of files) dirs.set(file.dir, [...(dirs.get(file.dir) ?? []), file]);
  return dirs;
};

const configFiles = (files: ParsedFile[]): ParsedFile[] => files.filter((file) => file.path.endsWith('.tf'));

// --- Versions ------------------------------------------------------------------------

/** Every module and root states the Terraform versions it works with. */
export function checkRequiredVersion(files: ParsedFile[]): Violation[] {
  return [...byDirectory(configFiles(files))].flatMap(([dir, dirFiles]) =>
    dirFiles.some((file) => terraformBlocks(file).some((block) => typeof block.required_version === 'string'))
      ? []
      : [violation(dir, 'terraform.required_version', 'no file of this module sets required_version')],
  );
}

/** Providers that need no declaration: terraform_data and the like come with Terraform itself. */
const BUILT_IN_PROVIDERS = new Set(['terraform']);

/**
 * Every provider in required_providers has a source and a version constraint, and every
 * provider a module uses (the prefix of its resource and data types) is declared there.
 */
export function checkProviderVersions(files: ParsedFile[]): Violation[] {
  return [...byDirectory(configFiles(files))].flatMap(([dir, dirFiles]) => {
    const declared = new Map<string, { file: string; settings: unknown }>();
    for (const file of dirFiles) {
      for (const block of terraformBlocks(file)) {
        for (const providers of nestedBlocks(block, 'required_providers')) {
          for (const [name, settings] of Object.entries(providers)) declared.set(name, { file: file.path, settings });
        }
      }
    }
    const problems: Violation[] = [];
    for (const [name, { file, settings }] of declared) {
      const where = `required_providers.${name}`;
      if (!isBody(settings)) {
        problems.push(violation(file, where, 'must be an object with source and version'));
        continue;
      }
      if (typeof settings.source !== 'string') problems.push(violation(file, where, 'has no source'));
      if (typeof settings.version !== 'string' || settings.version.trim() === '') {
        problems.push(violation(file, where, 'has no version constraint'));
      }
    }
    const used = new Set(
      dirFiles.flatMap((file) =>
        [...doubleLabelBlocks(file, 'resource'), ...doubleLabelBlocks(file, 'data')].map(
          (block) => block.kind.split('_')[0] ?? block.kind,
        ),
      ),
    );
    for (const provider of used) {
      if (!BUILT_IN_PROVIDERS.has(provider) && !declared.has(provider)) {
        problems.push(violation(dir, `required_providers.${provider}`, 'is used by a resource but not declared'));
      }
    }
    return problems;
  });
}

const LOCAL_SOURCE = /^\.\.?\//;
const REGISTRY_SOURCE = /^[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+(\/\/.*)?$/i;
const EXACT_VERSION = /^\d+\.\d+\.\d+$/;
const PINNED_GIT_REF = /[?&]ref=([0-9a-f]{40}|v?\d+\.\d+\.\d+)$/;

/** Local modules by relative path; registry modules at an exact version; anything else at a pinned ref. */
export function checkModuleSources(files: ParsedFile[]): Violation[] {
  return configFiles(files).flatMap((file) =>
    singleLabelBlocks(file, 'module').flatMap(({ name, body }) => {
      const { source, version } = body;
      if (typeof source !== 'string') return [violation(file.path, name, 'has no literal source')];
      if (LOCAL_SOURCE.test(source)) {
        return version === undefined ? [] : [violation(file.path, name, 'is local, so a version means nothing')];
      }
      if (REGISTRY_SOURCE.test(source)) {
        return typeof version === 'string' && EXACT_VERSION.test(version)
          ? []
          : [violation(file.path, name, `registry module ${source} needs an exact version (x.y.z), has ${version}`)];
      }
      return PINNED_GIT_REF.test(source)
        ? []
        : [violation(file.path, name, `source ${source} must pin a tag or commit with ?ref=`)];
    }),
  );
}

// --- Variables and outputs -----------------------------------------------------------

const hasText = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

export function checkVariablesTypedAndDescribed(files: ParsedFile[]): Violation[] {
  return configFiles(files).flatMap((file) =>
    singleLabelBlocks(file, 'variable', 'var').flatMap(({ name, body }) => [
      ...(body.type === undefined ? [violation(file.path, name, 'has no type')] : []),
      ...(hasText(body.description) ? [] : [violation(file.path, name, 'has no description')]),
    ]),
  );
}

export function checkOutputsDescribed(files: ParsedFile[]): Violation[] {
  return configFiles(files).flatMap((file) =>
    singleLabelBlocks(file, 'output').flatMap(({ name, body }) =>
      hasText(body.description) ? [] : [violation(file.path, name, 'has no description')],
    ),
  );
}

// --- Secrets -----------------------------------------------------------------------------

const SECRET_WORD = /(^|_)(password|passwd|secret|token|key)s?(_|$)|password/i;
/** A name that points at a secret (its ARN, ID, name or path) is not the secret itself. */
const REFERENCE_SUFFIX = /_(arn|arns|id|ids|name|path)$/i;

/** True for a variable or key name that holds a secret value. */
export const isSecretName = (name: string): boolean => SECRET_WORD.test(name) && !REFERENCE_SUFFIX.test(name);

/** Secret-like variables have no default (a default is a secret in git) and are sensitive (kept out of plan output). */
export function checkSecretVariables(files: ParsedFile[]): Violation[] {
  return configFiles(files).flatMap((file) =>
    singleLabelBlocks(file, 'variable', 'var')
      .filter(({ name }) => isSecretName(name.slice('var.'.length)))
      .flatMap(({ name, body }) => [
        ...('default' in body ? [violation(file.path, name, 'looks like a secret but has a default')] : []),
        ...(body.sensitive === true
          ? []
          : [violation(file.path, name, 'looks like a secret but is not sensitive = true')]),
      ]),
  );
}

const SECRET_VALUE = [
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, what: 'an AWS access key ID' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
];

/** Variable files (the committed examples above all) set no secret-like name and hold no key material. */
export function checkTfvarsHoldNoSecrets(files: ParsedFile[]): Violation[] {
  const walk = (file: string, path: string, value: unknown): Violation[] => {
    if (Array.isArray(value)) return value.flatMap((item, index) => walk(file, `${path}[${index}]`, item));
    if (isBody(value)) {
      return Object.entries(value).flatMap(([key, item]) => [
        ...(isSecretName(key) ? [violation(file, path ? `${path}.${key}` : key, 'sets a secret-like value')] : []),
        ...walk(file, path ? `${path}.${key}` : key, item),
      ]);
    }
    if (typeof value !== 'string') return [];
    return SECRET_VALUE.filter(({ pattern }) => pattern.test(value)).map(({ what }) =>
      violation(file, path, `holds ${what}`),
    );
  };
  return files.filter((file) => isTfvarsFile(file.path)).flatMap((file) => walk(file.path, '', file.body));
}

// --- Encryption ----------------------------------------------------------------------

const isTrue = (value: unknown): boolean => value === true;

const listIncludes = (value: unknown, wanted: string): boolean => Array.isArray(value) && value.includes(wanted);

/** The community EKS module (terraform-aws-modules/eks/aws), which wraps aws_eks_cluster. */
const isEksModule = (body: HclBody): boolean =>
  typeof body.source === 'string' && /^terraform-aws-modules\/eks\/aws(\/\/|$)/.test(body.source);

/** Node groups of an EKS module call: eks_managed_node_groups = { name = { ... } }. */
function eksNodeGroups(body: HclBody): Array<[string, HclBody]> {
  const groups = body.eks_managed_node_groups;
  return isBody(groups) ? Object.entries(groups).filter((entry): entry is [string, HclBody] => isBody(entry[1])) : [];
}

/**
 * Storage is encrypted at rest: S3 buckets have a server-side encryption configuration, EBS
 * volumes (standalone, instance root and extra devices, launch templates, EKS node groups)
 * say encrypted = true, ElastiCache encrypts at rest and in transit, EKS envelope-encrypts
 * Secrets, ECR names its encryption, databases and file systems encrypt their storage.
 */
export function checkEncryption(files: ParsedFile[]): Violation[] {
  const problems: Violation[] = [];
  for (const [, dirFiles] of byDirectory(configFiles(files))) {
    const all = dirFiles.flatMap(resources);
    const encryptedBuckets = new Set(
      all
        .filter((block) => block.kind === 'aws_s3_bucket_server_side_encryption_configuration')
        .map((block) => /aws_s3_bucket\.([\w-]+)\./.exec(String(block.body.bucket))?.[1]),
    );
    for (const { file, kind, name, body } of all) {
      const fail = (message: string) => problems.push(violation(file, name, message));
      switch (kind) {
        case 'aws_s3_bucket':
          if (!encryptedBuckets.has(name.slice('aws_s3_bucket.'.length))) {
            fail('has no aws_s3_bucket_server_side_encryption_configuration');
          }
          break;
        case 'aws_ebs_volume':
        case 'aws_efs_file_system':
          if (!isTrue(body.encrypted)) fail('must set encrypted = true');
          break;
        case 'aws_instance': {
          const roots = nestedBlocks(body, 'root_block_device');
          if (roots.length === 0)
            fail('has no root_block_device, so its root volume encryption is left to account defaults');
          if (![...roots, ...nestedBlocks(body, 'ebs_block_device')].every((device) => isTrue(device.encrypted))) {
            fail('every root_block_device and ebs_block_device must set encrypted = true');
          }
          break;
        }
        case 'aws_launch_template':
          for (const mapping of nestedBlocks(body, 'block_device_mappings')) {
            if (!nestedBlocks(mapping, 'ebs').every((ebs) => isTrue(ebs.encrypted))) {
              fail('every block_device_mappings.ebs must set encrypted = true');
            }
          }
          break;
        case 'aws_elasticache_replication_group':
          if (!isTrue(body.at_rest_encryption_enabled)) fail('must set at_rest_encryption_enabled = true');
          if (!isTrue(body.transit_encryption_enabled)) fail('must set transit_encryption_enabled = true');
          break;
        case 'aws_eks_cluster':
          if (!nestedBlocks(body, 'encryption_config').some((config) => listIncludes(config.resources, 'secrets'))) {
            fail('must envelope-encrypt secrets (encryption_config with resources = ["secrets"])');
          }
          break;
        case 'aws_ecr_repository':
          if (nestedBlocks(body, 'encryption_configuration').length === 0) {
            fail('must name its encryption_configuration (AES256 or KMS) rather than rely on the default');
          }
          break;
        case 'aws_db_instance':
        case 'aws_rds_cluster':
          if (!isTrue(body.storage_encrypted)) fail('must set storage_encrypted = true');
          break;
      }
    }
  }
  for (const file of configFiles(files)) {
    for (const { name, body } of singleLabelBlocks(file, 'module')) {
      if (!isEksModule(body)) continue;
      const config = body.encryption_config;
      if (!isBody(config) || !listIncludes(config.resources, 'secrets')) {
        problems.push(
          violation(file.path, name, 'EKS module must set encryption_config = { resources = ["secrets"] }'),
        );
      }
      for (const [group, settings] of eksNodeGroups(body)) {
        const mappings = settings.block_device_mappings;
        const volumes = isBody(mappings) ? Object.values(mappings).filter(isBody) : [];
        if (volumes.length === 0 || !volumes.every((mapping) => isBody(mapping.ebs) && isTrue(mapping.ebs.encrypted))) {
          problems.push(
            violation(file.path, `${name}.eks_managed_node_groups.${group}`, 'node disks must be encrypted = true'),
          );
        }
      }
    }
  }
  return problems;
}

/** Every S3 bucket blocks public access, whatever its ACLs and policies say. */
export function checkS3PublicAccessBlocked(files: ParsedFile[]): Violation[] {
  return [...byDirectory(configFiles(files))].flatMap(([, dirFiles]) => {
    const all = dirFiles.flatMap(resources);
    const blocked = new Set(
      all
        .filter(
          (block) =>
            block.kind === 'aws_s3_bucket_public_access_block' &&
            ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every(
              (setting) => isTrue(block.body[setting]),
            ),
        )
        .map((block) => /aws_s3_bucket\.([\w-]+)\./.exec(String(block.body.bucket))?.[1]),
    );
    return all
      .filter((block) => block.kind === 'aws_s3_bucket' && !blocked.has(block.name.slice('aws_s3_bucket.'.length)))
      .map((block) =>
        violation(block.file, block.name, 'has no aws_s3_bucket_public_access_block with all four settings true'),
      );
  });
}

// --- Network exposure ------------------------------------------------------------------

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const PUBLIC_PORTS = new Set([80, 443]);
const TCP = new Set(['tcp', '6']);

interface IngressRule {
  file: string;
  name: string;
  cidrs: unknown[];
  from: unknown;
  to: unknown;
  protocol: unknown;
}

function ingressRules(file: ParsedFile): IngressRule[] {
  return resources(file).flatMap(({ kind, name, body }): IngressRule[] => {
    const cidrsOf = (...values: unknown[]) => values.flatMap((value) => (Array.isArray(value) ? value : [value]));
    switch (kind) {
      case 'aws_security_group':
        return nestedBlocks(body, 'ingress').map((rule, index) => ({
          file: file.path,
          name: `${name}.ingress[${index}]`,
          cidrs: cidrsOf(rule.cidr_blocks, rule.ipv6_cidr_blocks),
          from: rule.from_port,
          to: rule.to_port,
          protocol: rule.protocol,
        }));
      case 'aws_security_group_rule':
        return body.type === 'ingress'
          ? [
              {
                file: file.path,
                name,
                cidrs: cidrsOf(body.cidr_blocks, body.ipv6_cidr_blocks),
                from: body.from_port,
                to: body.to_port,
                protocol: body.protocol,
              },
            ]
          : [];
      case 'aws_vpc_security_group_ingress_rule':
        return [
          {
            file: file.path,
            name,
            cidrs: cidrsOf(body.cidr_ipv4, body.cidr_ipv6),
            from: body.from_port,
            to: body.to_port,
            protocol: body.ip_protocol,
          },
        ];
      default:
        return [];
    }
  });
}

/**
 * No ingress from the whole internet (0.0.0.0/0 or ::/0) except TCP 80 and 443, each as
 * a literal single port so the rule can be read, and no ingress on SSH (22) from anywhere.
 * Egress is not checked: the modules say in comments why theirs is open.
 */
export function checkSecurityGroupIngress(files: ParsedFile[]): Violation[] {
  return configFiles(files).flatMap((file) =>
    ingressRules(file).flatMap(({ file: path, name, cidrs, from, to, protocol }) => {
      const problems: Violation[] = [];
      if (typeof from === 'number' && typeof to === 'number' && from <= 22 && 22 <= to) {
        problems.push(violation(path, name, 'admits SSH (port 22); use SSM Session Manager'));
      }
      if (cidrs.some((cidr) => typeof cidr === 'string' && WORLD.has(cidr))) {
        const single = typeof from === 'number' && from === to && PUBLIC_PORTS.has(from);
        if (!single || typeof protocol !== 'string' || !TCP.has(protocol)) {
          problems.push(
            violation(
              path,
              name,
              `open to the internet on ${String(from)}-${String(to)}/${String(protocol)}; only tcp 80 or 443 may be`,
            ),
          );
        }
      }
      if (cidrs.some(isExpression)) {
        problems.push(violation(path, name, 'takes its CIDR from an expression, so its exposure cannot be checked'));
      }
      return problems;
    }),
  );
}

/** Instances and launch templates require IMDSv2 and carry no SSH key pair; no key pair resource exists. */
export function checkInstanceAccess(files: ParsedFile[]): Violation[] {
  const imdsV2 = (body: HclBody) =>
    nestedBlocks(body, 'metadata_options').some((options) => options.http_tokens === 'required');
  return configFiles(files).flatMap((file) => [
    ...resources(file).flatMap(({ kind, name, body }) => {
      if (kind === 'aws_key_pair')
        return [violation(file.path, name, 'SSH key pairs are not used; use SSM Session Manager')];
      if (kind !== 'aws_instance' && kind !== 'aws_launch_template') return [];
      return [
        ...(imdsV2(body)
          ? []
          : [violation(file.path, name, 'must require IMDSv2 (metadata_options.http_tokens = "required")')]),
        ...(body.key_name === undefined
          ? []
          : [violation(file.path, name, 'sets key_name; use SSM Session Manager instead of SSH')]),
      ];
    }),
    ...singleLabelBlocks(file, 'module')
      .filter(({ body }) => isEksModule(body))
      .flatMap(({ name, body }) =>
        eksNodeGroups(body)
          .filter(([, group]) => !(isBody(group.metadata_options) && group.metadata_options.http_tokens === 'required'))
          .map(([group]) => violation(file.path, `${name}.eks_managed_node_groups.${group}`, 'must require IMDSv2')),
      ),
  ]);
}

// --- Roots: providers and backends ------------------------------------------------------

const REQUIRED_TAGS = ['Project', 'Environment', 'ManagedBy'];

/** Every root's AWS provider tags everything it creates (cost allocation, ownership). */
export function checkDefaultTags(files: ParsedFile[], roots: string[]): Violation[] {
  return roots.flatMap((root) => {
    const providers = configFiles(files)
      .filter((file) => file.dir === root)
      .flatMap((file) => singleLabelBlocks(file, 'provider'))
      .filter(({ name }) => name === 'provider.aws');
    if (providers.length === 0) return [violation(root, 'provider.aws', 'the root configures no AWS provider')];
    return providers.flatMap(({ file, name, body }) => {
      const tags = nestedBlocks(body, 'default_tags').map((block) => block.tags);
      const tagged = tags.find(isBody);
      if (!tagged) return [violation(file, name, 'has no default_tags')];
      const missing = REQUIRED_TAGS.filter((tag) => !(tag in tagged));
      return missing.length === 0 ? [] : [violation(file, name, `default_tags lacks ${missing.join(', ')}`)];
    });
  });
}

/** The alias terraform/bootstrap gives the state's KMS key. */
export const STATE_KEY_ALIAS = 'alias/shortly-terraform-state';

/**
 * Every root keeps its state in S3, encrypted with the bootstrap's KMS key (without
 * kms_key_id the backend writes SSE-S3), with S3's native lock file instead of a DynamoDB table.
 */
export function checkBackends(files: ParsedFile[], roots: string[]): Violation[] {
  return roots.flatMap((root) => {
    const backends = configFiles(files)
      .filter((file) => file.dir === root)
      .flatMap((file) =>
        terraformBlocks(file).flatMap((block) => {
          const backend = block.backend;
          return isBody(backend)
            ? Object.entries(backend).map(([type, bodies]) => ({ file: file.path, type, bodies }))
            : [];
        }),
      );
    const [backend, ...others] = backends;
    if (!backend || others.length > 0) {
      return [violation(root, 'terraform.backend', `needs exactly one backend, has ${backends.length}`)];
    }
    const name = `terraform.backend.${backend.type}`;
    if (backend.type !== 's3') return [violation(backend.file, name, 'state must live in the S3 backend')];
    const settings = (Array.isArray(backend.bodies) ? backend.bodies : [backend.bodies]).find(isBody) ?? {};
    const fail = (message: string) => [violation(backend.file, name, message)];
    return [
      ...(settings.use_lockfile === true ? [] : fail('must set use_lockfile = true')),
      ...(settings.encrypt === true ? [] : fail('must set encrypt = true')),
      ...(settings.kms_key_id === STATE_KEY_ALIAS ? [] : fail(`must set kms_key_id = "${STATE_KEY_ALIAS}"`)),
      ...(typeof settings.key === 'string' ? [] : fail('must set a literal key')),
      ...('dynamodb_table' in settings ? fail('dynamodb_table is the old lock; use_lockfile replaces it') : []),
    ];
  });
}

// --- Layout ---------------------------------------------------------------------------

const MODULE_FILES = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'];
const ROOT_FILES = [...MODULE_FILES, 'backend.tf', 'providers.tf', 'terraform.tfvars.example', 'README.md'];

/**
 * The expected modules and roots exist, each with the standard files; paths are relative to
 * the repository root, as listFiles returns them.
 */
export function checkLayout(paths: string[], expected: { modules: string[]; roots: string[] }): Violation[] {
  const present = new Set(paths);
  const missing = (dir: string, names: string[]) =>
    names.filter((name) => !present.has(`${dir}/${name}`)).map((name) => violation(dir, name, 'is missing'));
  const found = (pattern: RegExp) => new Set(paths.map((path) => pattern.exec(path)?.[1]).filter(Boolean));
  const unexpected = [...found(/^terraform\/modules\/([^/]+)\//)]
    .filter((name) => !expected.modules.includes(`terraform/modules/${name}`))
    .map((name) => violation(`terraform/modules/${name}`, 'module', 'is not one of the expected modules'));
  return [
    ...expected.modules.flatMap((dir) => missing(dir, MODULE_FILES)),
    ...expected.roots.flatMap((dir) => missing(dir, ROOT_FILES)),
    ...unexpected,
  ];
}
