import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatViolation,
  type HclBody,
  isBody,
  type LabelledBlock,
  listFiles,
  nestedBlocks,
  type ParsedFile,
  parseRepoFile,
  repoRoot,
  resources,
  singleLabelBlocks,
  terraformBlocks,
} from '../src/hcl.ts';
import { checkOutputsDescribed, checkVariablesTypedAndDescribed } from '../src/rules.ts';

// The single host's monitoring, checked against what it monitors: the CloudWatch agent
// config the host's cloud-init installs, the web service's nginx template and the api's routes.
// If one of them changes (a metric renamed, a mount point moved, the web service no longer
// proxying the health check path), these tests fail instead of an alarm going quiet.
const MODULE = 'terraform/modules/host-monitoring';
const HOST = 'terraform/modules/single-host';
const ENV = 'terraform/envs/single-host';

const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

interface AgentConfig {
  agent: { omit_hostname?: boolean; run_as_user?: string };
  metrics: {
    namespace: string;
    append_dimensions: Record<string, string>;
    metrics_collected: Record<string, { measurement: string[]; resources?: string[]; drop_device?: boolean }>;
  };
}

const agent = JSON.parse(read(`${HOST}/cloudwatch-agent.json`)) as AgentConfig;
const cloudInit = read(`${HOST}/cloud-init.yaml.tftpl`);
const nginxTemplate = read('apps/web/nginx/templates/shortly.conf.template');
const healthRoutes = read('apps/api/src/routes/health/index.ts');

type Resource = LabelledBlock & { kind: string };

/** An HCL expression as hcl2json writes it: expr('var.name') is "${var.name}". */
const expr = (expression: string): string => `\${${expression}}`;

/** The inverse: "${aws_sns_topic.alarms.arn}" -> "aws_sns_topic.alarms.arn"; a literal stays null. */
const reference = (value: unknown): string | null =>
  typeof value === 'string' ? (/^\$\{([^}]+)\}$/.exec(value)?.[1] ?? null) : null;

/** The provider a resource is created with: its provider argument, else the module's default. */
const providerOf = (body: HclBody): string => reference(body.provider) ?? 'aws';

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when the nginx config has an exact-match location for the path that proxies it to the api upstream. */
function edgeProxiesToApi(nginx: string, path: string): boolean {
  const location = new RegExp(`location\\s*=\\s*${escapeForRegExp(path)}\\s*\\{([^}]*)\\}`).exec(nginx);
  return location !== null && /^\s*proxy_pass\s+http:\/\/api;/m.test(location[1] ?? '');
}

describe('monitoring of the single host (terraform/modules/host-monitoring)', () => {
  let moduleFiles: ParsedFile[];
  let moduleResources: Resource[];
  let alarms: Resource[];
  let topics: Resource[];
  let envMain: ParsedFile;
  let envProviders: ParsedFile;
  let hostFiles: ParsedFile[];

  const byName = (name: string): HclBody => {
    const found = [...moduleResources, ...hostFiles.flatMap(resources)].find((block) => block.name === name);
    if (!found) throw new Error(`${name} not found`);
    return found.body;
  };
  const variable = (name: string): HclBody => {
    const found = moduleFiles
      .flatMap((file) => singleLabelBlocks(file, 'variable', 'var'))
      .find((v) => v.name === name);
    if (!found) throw new Error(`${name} not found in ${MODULE}`);
    return found.body;
  };
  const monitoringCall = (): HclBody => {
    const call = singleLabelBlocks(envMain, 'module').find(({ name }) => name === 'module.monitoring');
    if (!call) throw new Error(`${ENV}/main.tf has no module "monitoring"`);
    return call.body;
  };

  beforeAll(async () => {
    moduleFiles = await Promise.all(
      listFiles(join(repoRoot, MODULE))
        .filter((path) => path.endsWith('.tf'))
        .map(parseRepoFile),
    );
    moduleResources = moduleFiles.flatMap(resources);
    alarms = moduleResources.filter(({ kind }) => kind === 'aws_cloudwatch_metric_alarm');
    topics = moduleResources.filter(({ kind }) => kind === 'aws_sns_topic');
    envMain = await parseRepoFile(`${ENV}/main.tf`);
    envProviders = await parseRepoFile(`${ENV}/providers.tf`);
    hostFiles = await Promise.all(['main.tf', 'iam.tf', 'outputs.tf'].map((name) => parseRepoFile(`${HOST}/${name}`)));
  });

  it('the single-host environment wires the module to the host, its agent metrics and a us-east-1 provider', () => {
    const call = monitoringCall();
    expect(call.source).toBe('../../modules/host-monitoring');
    expect(call).toMatchObject({
      instance_id: expr('module.host.instance_id'),
      public_ip: expr('module.host.public_ip'),
      agent_namespace: expr('module.host.cloudwatch_agent_namespace'),
      disk_paths: expr('module.host.cloudwatch_agent_disk_paths'),
      alarm_email: expr('var.alarm_email'),
      providers: { aws: expr('aws'), 'aws.us_east_1': expr('aws.us_east_1') },
    });

    // The module declares the alias it needs; the root configures it for us-east-1,
    // pinned to the same account as the default provider.
    const aliases = moduleFiles
      .flatMap(terraformBlocks)
      .flatMap((block) => nestedBlocks(block, 'required_providers'))
      .map((providers) => providers.aws)
      .filter(isBody)
      .flatMap((aws) => (Array.isArray(aws.configuration_aliases) ? aws.configuration_aliases : []));
    expect(aliases).toEqual([expr('aws.us_east_1')]);
    const providers = singleLabelBlocks(envProviders, 'provider').map(({ body }) => body);
    const usEast1 = providers.find((body) => body.alias === 'us_east_1');
    const primary = providers.find((body) => body.alias === undefined);
    expect(usEast1?.region).toBe('us-east-1');
    expect(usEast1?.allowed_account_ids).toEqual(primary?.allowed_account_ids);
  });

  it('the CloudWatch agent collects memory, swap and disk usage of the root and data file systems', () => {
    const collected = agent.metrics.metrics_collected;
    expect(collected.mem?.measurement).toContain('mem_used_percent');
    expect(collected.swap?.measurement).toContain('swap_used_percent');
    expect(collected.disk?.measurement).toContain('used_percent');
    // The data volume's mount point, as cloud-init writes it into /etc/fstab.
    const dataMount = /LABEL=shortly-data (\S+) ext4/.exec(cloudInit)?.[1];
    expect(dataMount).toBe('/var/lib/docker/volumes');
    expect(collected.disk?.resources).toEqual(['/', dataMount]);
    // Dimensions the alarms can name exactly: the instance, no host name, no device.
    expect(agent.metrics.append_dimensions).toEqual({ InstanceId: expr('aws:InstanceId') });
    expect(agent.agent.omit_hostname).toBe(true);
    expect(collected.disk?.drop_device).toBe(true);
    // Docker keeps /var/lib/docker closed to other users, and the data volume is mounted inside it.
    expect(agent.agent.run_as_user).toBe('root');
  });

  it('the host module hands the user data and the alarms the same agent config', () => {
    const locals = nestedBlocks(hostFiles[0]?.body ?? {}, 'locals');
    expect(locals.map((block) => block.cloudwatch_agent_config)).toContain(
      expr(`file("\${path.module}/cloudwatch-agent.json")`),
    );
    expect(String(byName('aws_instance.host').user_data)).toMatch(
      /cloudwatch_agent_config\s*=\s*local\.cloudwatch_agent_config/,
    );
    const outputs = new Map(
      hostFiles.flatMap((file) => singleLabelBlocks(file, 'output')).map(({ name, body }) => [name, body.value]),
    );
    expect(outputs.get('output.cloudwatch_agent_namespace')).toBe(
      expr('jsondecode(local.cloudwatch_agent_config).metrics.namespace'),
    );
    expect(outputs.get('output.cloudwatch_agent_disk_paths')).toBe(
      expr('jsondecode(local.cloudwatch_agent_config).metrics.metrics_collected.disk.resources'),
    );
  });

  it('the instance role may publish the agent metrics before the instance boots', () => {
    const attachment = byName('aws_iam_role_policy_attachment.cloudwatch_agent');
    expect(attachment.role).toBe(expr('aws_iam_role.host.name'));
    expect(attachment.policy_arn).toMatch(/:iam::aws:policy\/CloudWatchAgentServerPolicy$/);
    expect(byName('aws_instance.host').depends_on).toContain(expr('aws_iam_role_policy_attachment.cloudwatch_agent'));
  });

  it('alarms on CPU, memory, disk, both EC2 status checks and the health check', () => {
    expect(alarms.map(({ body }) => body.metric_name).sort()).toEqual([
      'CPUUtilization',
      'HealthCheckStatus',
      'StatusCheckFailed_Instance',
      'StatusCheckFailed_System',
      'mem_used_percent',
      'used_percent',
    ]);
    for (const { name, body } of alarms.filter(({ body }) => body.namespace !== 'AWS/Route53')) {
      expect(`${name}: ${(body.dimensions as HclBody).InstanceId}`).toBe(`${name}: ${expr('var.instance_id')}`);
    }
  });

  it('the memory and disk alarms read the metrics the agent publishes, with exactly its dimensions', () => {
    const collected = agent.metrics.metrics_collected;
    expect(variable('var.agent_namespace').default).toBe(agent.metrics.namespace);

    const memory = byName('aws_cloudwatch_metric_alarm.memory_high');
    expect(memory.namespace).toBe(expr('var.agent_namespace'));
    expect(collected.mem?.measurement).toContain(memory.metric_name);
    expect(Object.keys(memory.dimensions as HclBody)).toEqual(Object.keys(agent.metrics.append_dimensions));

    const disk = byName('aws_cloudwatch_metric_alarm.disk_almost_full');
    expect(disk.namespace).toBe(expr('var.agent_namespace'));
    expect(collected.disk?.measurement).toContain(disk.metric_name);
    expect(disk.for_each).toBe(expr('local.disk_alarms'));
    expect(disk.dimensions).toEqual({ InstanceId: expr('var.instance_id'), path: expr('each.key'), fstype: 'ext4' });
    // ext4 is what the root file system of Ubuntu's image is, and what cloud-init formats the data volume with.
    expect(cloudInit).toMatch(/mkfs\.ext4 -q -L shortly-data/);
  });

  it('every alarm notifies, on ALARM and on OK, an SNS topic in its own region', () => {
    const topicProvider = new Map(topics.map(({ name, body }) => [`${name}.arn`, providerOf(body)]));
    expect(alarms.length).toBeGreaterThanOrEqual(6);
    for (const { name, body } of alarms) {
      for (const actions of ['alarm_actions', 'ok_actions']) {
        const notified = (Array.isArray(body[actions]) ? body[actions] : [])
          .map(reference)
          .filter((ref): ref is string => ref !== null && topicProvider.has(ref));
        expect(`${name}.${actions}: ${notified.length}`).toBe(`${name}.${actions}: 1`);
        expect(`${name}: ${topicProvider.get(notified[0] ?? '')}`).toBe(`${name}: ${providerOf(body)}`);
      }
    }
  });

  it('every topic mails alarm_email, through a subscription in the topic region', () => {
    const subscriptions = moduleResources.filter(({ kind }) => kind === 'aws_sns_topic_subscription');
    expect(topics.length).toBe(2);
    for (const topic of topics) {
      const subscription = subscriptions.find(({ body }) => reference(body.topic_arn) === `${topic.name}.arn`);
      expect(subscription?.body).toMatchObject({ protocol: 'email', endpoint: expr('var.alarm_email') });
      expect(providerOf(subscription?.body ?? {})).toBe(providerOf(topic.body));
    }
    expect(variable('var.alarm_email')).not.toHaveProperty('default');
  });

  it('the health check alarm is created in us-east-1, where Route 53 publishes its metrics, and the others are not', () => {
    for (const { name, body } of alarms) {
      const expected = body.namespace === 'AWS/Route53' ? 'aws.us_east_1' : 'aws';
      expect(`${name}: ${providerOf(body)}`).toBe(`${name}: ${expected}`);
    }
    const healthAlarm = byName('aws_cloudwatch_metric_alarm.health_check_failed');
    expect(healthAlarm.namespace).toBe('AWS/Route53');
    expect(healthAlarm.dimensions).toEqual({ HealthCheckId: expr('aws_route53_health_check.ready.id') });
    expect(healthAlarm.treat_missing_data).toBe('breaching');
  });

  it('a failed system status check recovers the instance, a failed instance check reboots it', () => {
    const action = (what: string) =>
      `arn:${expr('data.aws_partition.current.partition')}:automate:${expr('data.aws_region.current.region')}:ec2:${what}`;
    expect(byName('aws_cloudwatch_metric_alarm.system_status_check_failed').alarm_actions).toContain(action('recover'));
    expect(byName('aws_cloudwatch_metric_alarm.instance_status_check_failed').alarm_actions).toContain(
      action('reboot'),
    );
  });

  it('the Route 53 health check requests, every 30 s from three or more regions, the web service port of the host', () => {
    const check = byName('aws_route53_health_check.ready');
    expect(check).toMatchObject({ type: 'HTTP', ip_address: expr('var.public_ip'), request_interval: 30 });
    // The port the host publishes the web service on, from the .env cloud-init writes.
    const webPort = Number(/^\s*WEB_PORT=(\d+)$/m.exec(cloudInit)?.[1]);
    expect(check.port).toBe(webPort);
    expect(check.regions).toBe(expr('var.health_check_regions'));
    expect((variable('var.health_check_regions').default as string[]).length).toBeGreaterThanOrEqual(3);
  });

  it('the health check path is one the web service proxies to the api, and the api answers it', () => {
    expect(byName('aws_route53_health_check.ready').resource_path).toBe(expr('var.health_check_path'));
    const path = String(monitoringCall().health_check_path ?? variable('var.health_check_path').default);
    expect(path).toBe('/ready');
    expect(edgeProxiesToApi(nginxTemplate, path)).toBe(true);
    expect(healthRoutes).toContain(`fastify.get('${path}'`);
  });

  it('the web service check fails on a template that does not proxy the path (so a drift would be caught)', () => {
    const withoutReady = nginxTemplate.replace(/location = \/ready \{[^}]*\}/, '');
    expect(withoutReady).not.toBe(nginxTemplate);
    expect(edgeProxiesToApi(withoutReady, '/ready')).toBe(false);
    expect(edgeProxiesToApi(nginxTemplate, '/metrics')).toBe(false);
    expect(edgeProxiesToApi(nginxTemplate, '/health')).toBe(true);
  });

  it('every variable of the module is typed and described, every output described', () => {
    expect(moduleFiles.flatMap((file) => singleLabelBlocks(file, 'variable')).length).toBeGreaterThanOrEqual(10);
    expect(checkVariablesTypedAndDescribed(moduleFiles).map(formatViolation)).toEqual([]);
    expect(checkOutputsDescribed(moduleFiles).map(formatViolation)).toEqual([]);
  });
});
