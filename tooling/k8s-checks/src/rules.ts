// Each rule is a pure function returning the problems it finds (empty = the rule holds), so
// a test can run it over every container of every overlay and also feed it a mutated
// object to prove it fails. Messages say what is wrong and where, since they are what a
// failing test prints.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { parse } from 'yaml';
import { findObject, type K8sObject, podSpecOf } from './objects.ts';

type Problems = string[];

const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
type ProbeName = (typeof PROBES)[number];

// --- containers -------------------------------------------------------------------------

export function portNamingProblems(container: IContainer): Problems {
  return (container.ports ?? [])
    .filter((port) => !port.name)
    .map((port) => `containerPort ${port.containerPort} has no name`);
}

export function resourceProblems(container: IContainer): Problems {
  const problems: Problems = [];
  for (const bound of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (container.resources?.[bound]?.[resource] === undefined) problems.push(`no ${resource} in resources.${bound}`);
    }
  }
  return problems;
}

export function probePresenceProblems(container: IContainer): Problems {
  return PROBES.filter((probe) => container[probe] === undefined).map((probe) => `no ${probe}`);
}

/** Probe periods and thresholds with the Kubernetes defaults filled in. */
function probeWindow(probe: IProbe): number {
  return (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3);
}

export function probeTimingProblems(container: IContainer): Problems {
  const problems: Problems = [];
  for (const name of PROBES) {
    const probe = container[name];
    if (probe && (probe.timeoutSeconds ?? 1) >= (probe.periodSeconds ?? 10)) {
      problems.push(`${name}.timeoutSeconds must be shorter than its periodSeconds`);
    }
  }
  const { startupProbe: startup, livenessProbe: liveness, readinessProbe: readiness } = container;
  if (readiness && liveness && probeWindow(readiness) > probeWindow(liveness)) {
    problems.push(
      `readiness gives up after ${probeWindow(readiness)} s but liveness after ${probeWindow(liveness)} s: ` +
        'the pod would be restarted before it is taken out of the Service',
    );
  }
  if (startup && liveness && probeWindow(startup) < probeWindow(liveness)) {
    problems.push(
      `startupProbe allows ${probeWindow(startup)} s, less than liveness's ${probeWindow(liveness)} s: ` +
        'a slow start would be killed sooner than a hang',
    );
  }
  return problems;
}

interface HttpTarget {
  path: string;
  port: string;
}

/** Which endpoint each probe of our own images must call (the contract of the app images). */
const EXPECTED_PROBES: Record<string, Record<ProbeName, HttpTarget>> = {
  'shortly-api': {
    startupProbe: { path: '/health', port: 'http' },
    livenessProbe: { path: '/health', port: 'http' },
    readinessProbe: { path: '/ready', port: 'http' },
  },
  'shortly-web': {
    startupProbe: { path: '/healthz', port: 'health' },
    livenessProbe: { path: '/healthz', port: 'health' },
    readinessProbe: { path: '/healthz', port: 'health' },
  },
};

export function probeEndpointProblems(container: IContainer): Problems {
  const problems: Problems = [];
  const expected = EXPECTED_PROBES[imageRepository(container.image ?? '')];
  for (const name of PROBES) {
    const probe = container[name];
    if (!probe) continue;
    const http = probe.httpGet;
    if (http && typeof http.port !== 'string') problems.push(`${name} uses port ${http.port} instead of a port name`);
    if (name === 'livenessProbe' && http?.path?.includes('ready')) {
      problems.push('livenessProbe calls the readiness endpoint: a dependency outage would restart every pod');
    }
    const want = expected?.[name];
    if (want && (http?.path !== want.path || http?.port !== want.port)) {
      problems.push(`${name} must GET ${want.path} on port ${want.port}, got ${JSON.stringify(http ?? probe)}`);
    }
  }
  return problems;
}

export function nonRootProblems(container: IContainer, pod: IPodSpec): Problems {
  const problems: Problems = [];
  const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  const runAsUser = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  if (runAsNonRoot !== true) problems.push('runAsNonRoot is not true (container or pod securityContext)');
  if (!Number.isInteger(runAsUser) || (runAsUser as number) <= 0) {
    problems.push(`runAsUser must be a numeric non-root uid, got ${String(runAsUser)}`);
  }
  return problems;
}

export function readOnlyRootProblems(container: IContainer): Problems {
  return container.securityContext?.readOnlyRootFilesystem === true ? [] : ['readOnlyRootFilesystem is not true'];
}

export function privilegeEscalationProblems(container: IContainer): Problems {
  return container.securityContext?.allowPrivilegeEscalation === false ? [] : ['allowPrivilegeEscalation is not false'];
}

export function capabilityProblems(container: IContainer): Problems {
  const capabilities = container.securityContext?.capabilities;
  const problems: Problems = [];
  if (!capabilities?.drop?.includes('ALL')) problems.push('capabilities.drop does not contain ALL');
  if ((capabilities?.add ?? []).length > 0) problems.push(`capabilities.add grants ${capabilities?.add?.join(', ')}`);
  return problems;
}

export function seccompProblems(container: IContainer, pod: IPodSpec): Problems {
  const type = container.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
  return type === 'RuntimeDefault' ? [] : [`seccompProfile.type is ${String(type)}, expected RuntimeDefault`];
}

/** "registry/path/name:tag@digest" -> "name" (the last path segment without tag or digest). */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSegment = withoutDigest.split('/').pop() ?? '';
  return lastSegment.split(':')[0] ?? '';
}

export function imageProblems(container: IContainer): Problems {
  const image = container.image;
  if (!image) return ['no image'];
  if (image.includes('@sha256:')) return [];
  const lastSegment = image.split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  if (!tag) return [`image ${image} has no tag: it means latest`];
  if (tag === 'latest') return [`image ${image} uses the latest tag`];
  return [];
}

export function tmpVolumeProblems(container: IContainer, pod: IPodSpec): Problems {
  const mount = container.volumeMounts?.find((volumeMount) => volumeMount.mountPath === '/tmp');
  if (!mount) return ['no volume mounted at /tmp for the read-only root filesystem'];
  const volume = pod.volumes?.find((candidate) => candidate.name === mount.name);
  return volume?.emptyDir ? [] : [`/tmp is mounted from ${mount.name}, which is not an emptyDir`];
}

// --- workloads ----------------------------------------------------------------------------

export function rolloutProblems(deployment: K8sObject): Problems {
  const strategy = (deployment.spec as { strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: unknown } } })
    .strategy;
  if (strategy?.type === 'Recreate') return ['strategy is Recreate: every pod stops before new ones start'];
  const maxUnavailable = strategy?.rollingUpdate?.maxUnavailable;
  return maxUnavailable === 0 || maxUnavailable === '0%'
    ? []
    : [`rollingUpdate.maxUnavailable is ${String(maxUnavailable ?? 'unset (25%)')}, expected 0`];
}

/** Seconds a container's preStop hook sleeps (a sleep action or an exec of sleep), else 0. */
export function preStopSeconds(container: IContainer): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const command = preStop?.exec?.command?.join(' ') ?? '';
  const match = /\bsleep\s+(\d+)/.exec(command);
  return match ? Number(match[1]) : 0;
}

/** The container's environment as the kubelet would build it from env and ConfigMap envFrom. */
export function resolveEnv(container: IContainer, objects: readonly K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const configMap = name ? findObject(objects, 'ConfigMap', name) : undefined;
    Object.assign(env, (configMap?.data as Record<string, string> | undefined) ?? {});
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
  }
  return env;
}

/** The api's own drain after SIGTERM: SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS (defaults 5000 + 10000). */
export function drainSeconds(container: IContainer, objects: readonly K8sObject[]): number {
  const env = resolveEnv(container, objects);
  const isApi = imageRepository(container.image ?? '') === 'shortly-api';
  const delay = Number(env.SHUTDOWN_DELAY_MS ?? (isApi ? 5000 : 0));
  const timeout = Number(env.SHUTDOWN_TIMEOUT_MS ?? (isApi ? 10_000 : 0));
  return (delay + timeout) / 1000;
}

export function gracePeriodProblems(workload: K8sObject, objects: readonly K8sObject[]): Problems {
  const pod = podSpecOf(workload);
  if (!pod) return [];
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  return pod.containers.flatMap((container) => {
    const budget = preStopSeconds(container) + drainSeconds(container, objects);
    return grace > budget
      ? []
      : [
          `terminationGracePeriodSeconds ${grace} is not more than ${container.name}'s preStop ` +
            `${preStopSeconds(container)} s + drain ${drainSeconds(container, objects)} s`,
        ];
  });
}

export function preStopProblems(workload: K8sObject): Problems {
  const pod = podSpecOf(workload);
  return (pod?.containers ?? [])
    .filter((container) => preStopSeconds(container) <= 0)
    .map((container) => `${container.name} has no preStop sleep to cover endpoint propagation`);
}

/** The labels a workload puts on its pods. */
export function templateLabels(workload: K8sObject): Record<string, string> {
  const template = (workload.spec as { template?: { metadata?: { labels?: Record<string, string> } } }).template;
  return template?.metadata?.labels ?? {};
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

export function topologySpreadProblems(workload: K8sObject): Problems {
  const pod = podSpecOf(workload);
  const labels = templateLabels(workload);
  const spreadsOverNodes = (pod?.topologySpreadConstraints ?? []).some(
    (constraint) =>
      constraint.topologyKey === 'kubernetes.io/hostname' && selects(constraint.labelSelector?.matchLabels, labels),
  );
  return spreadsOverNodes ? [] : ['no topologySpreadConstraint over kubernetes.io/hostname selecting its own pods'];
}

export function serviceAccountTokenProblems(workload: K8sObject, objects: readonly K8sObject[]): Problems {
  const pod = podSpecOf(workload);
  if (!pod) return [];
  const accountName = pod.serviceAccountName ?? 'default';
  const problems: Problems = [];
  if (accountName === 'default') problems.push('runs under the shared default ServiceAccount');
  const account = findObject(objects, 'ServiceAccount', accountName);
  const mounted = pod.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true;
  if (mounted !== false) problems.push(`mounts a token of ServiceAccount ${accountName}`);
  return problems;
}

export function disruptionBudgetProblems(workload: K8sObject, objects: readonly K8sObject[]): Problems {
  const labels = templateLabels(workload);
  const covered = objects.some(
    (object) =>
      object.kind === 'PodDisruptionBudget' &&
      selects((object.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels, labels),
  );
  return covered ? [] : ['no PodDisruptionBudget selects its pods'];
}

// --- one-off Jobs -----------------------------------------------------------------------

interface JobSpec {
  suspend?: boolean;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  parallelism?: number;
  template?: { spec?: IPodSpec };
}

/**
 * A Job shipped with the manifests is started by the deploy at a chosen moment, never by
 * `kubectl apply`: it must be applied suspended, give up on its own (a deadline and a
 * stated retry count) and not restart its pod in place.
 */
export function jobProblems(job: K8sObject): Problems {
  const spec = (job.spec ?? {}) as JobSpec;
  const problems: Problems = [];
  if (spec.suspend !== true) problems.push('spec.suspend is not true: `kubectl apply` would start it at once');
  if (spec.activeDeadlineSeconds === undefined) problems.push('no activeDeadlineSeconds: a hung run never fails');
  if (spec.backoffLimit === undefined) problems.push('no backoffLimit: the default retries 6 times');
  const restartPolicy = spec.template?.spec?.restartPolicy;
  if (restartPolicy !== 'Never') {
    problems.push(`restartPolicy is ${String(restartPolicy)}, expected Never (each retry a new pod with its own log)`);
  }
  return problems;
}

interface LabelSelecting {
  spec?: {
    selector?: Record<string, string> | { matchLabels?: Record<string, string> };
    podSelector?: { matchLabels?: Record<string, string> };
  };
}

/** The pod labels an object selects by, for the kinds that pick pods by label. */
function podSelectorOf(object: K8sObject): Record<string, string> | undefined {
  const spec = (object as LabelSelecting).spec;
  switch (object.kind) {
    case 'Service':
      return spec?.selector as Record<string, string> | undefined;
    case 'PodDisruptionBudget':
      return (spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
    case 'NetworkPolicy':
      return spec?.podSelector?.matchLabels;
    default:
      return undefined;
  }
}

/**
 * "Kind/name" of every Service, PodDisruptionBudget and NetworkPolicy whose (non-empty)
 * selector picks the workload's pods. Namespace-wide policies with an empty selector
 * (default-deny, allow-dns) are left out.
 */
export function selectedBy(workload: K8sObject, objects: readonly K8sObject[]): string[] {
  const labels = templateLabels(workload);
  return objects
    .filter((object) => selects(podSelectorOf(object), labels))
    .map((object) => `${object.kind}/${object.metadata.name}`);
}

interface PolicyPeer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: unknown;
  ipBlock?: { cidr: string };
}

interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: Array<{ protocol?: string; port?: number | string }>;
}

function peerSelectsPods(peer: PolicyPeer, labels: Record<string, string>): boolean {
  // A namespaceSelector would point the podSelector at other namespaces.
  return peer.namespaceSelector === undefined && selects(peer.podSelector?.matchLabels, labels);
}

/** True when the NetworkPolicy lets pods with `from` labels open a connection to the pods it selects. */
export function admitsPods(policy: K8sObject, from: Record<string, string>): boolean {
  const ingress = ((policy.spec as { ingress?: PolicyRule[] }).ingress ?? []) as PolicyRule[];
  return ingress.some((rule) => (rule.from ?? []).some((peer) => peerSelectsPods(peer, from)));
}

/** True when the NetworkPolicy lets the pods it selects connect to pods with `to` labels. */
export function reachesPods(policy: K8sObject, to: Record<string, string>): boolean {
  const egress = ((policy.spec as { egress?: PolicyRule[] }).egress ?? []) as PolicyRule[];
  return egress.some((rule) => (rule.to ?? []).some((peer) => peerSelectsPods(peer, to)));
}

// --- quota --------------------------------------------------------------------------------

const QUANTITY_SUFFIXES: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A Kubernetes quantity ("100m", "1", "256Mi", "2Gi") as a plain number (cores or bytes). */
export function parseQuantity(value: string | number | undefined): number {
  if (value === undefined) return 0;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(value));
  const suffix = match?.[2] ?? '';
  const factor = suffix === '' ? 1 : QUANTITY_SUFFIXES[suffix];
  if (!match || factor === undefined) throw new Error(`cannot parse the quantity ${String(value)}`);
  return Number(match[1]) * factor;
}

const QUOTA_KEYS = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'] as const;
type QuotaKey = (typeof QUOTA_KEYS)[number];
type Usage = Record<QuotaKey | 'pods', number>;

function emptyUsage(): Usage {
  return { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0, pods: 0 };
}

/** What the quota charges one pod: the larger of its containers' sum and its largest init container. */
export function podUsage(pod: IPodSpec): Usage {
  const usage = emptyUsage();
  for (const key of QUOTA_KEYS) {
    const [bound, resource] = key.split('.') as ['requests' | 'limits', 'cpu' | 'memory'];
    const of = (container: IContainer) => parseQuantity(container.resources?.[bound]?.[resource] as string);
    const sum = pod.containers.reduce((total, container) => total + of(container), 0);
    const init = Math.max(0, ...(pod.initContainers ?? []).map(of));
    usage[key] = Math.max(sum, init);
  }
  usage.pods = 1;
  return usage;
}

/** Pods a workload may run at its peak: HPA maximum (or replicas) plus the rollout surge; a Job's parallelism. */
export function peakPods(workload: K8sObject, objects: readonly K8sObject[]): number {
  const spec = (workload.spec ?? {}) as {
    replicas?: number;
    parallelism?: number;
    strategy?: { rollingUpdate?: { maxSurge?: number | string } };
  };
  if (workload.kind === 'Job') return spec.parallelism ?? 1;
  const hpa = objects.find(
    (object) =>
      object.kind === 'HorizontalPodAutoscaler' &&
      (object.spec as { scaleTargetRef?: { kind?: string; name?: string } }).scaleTargetRef?.kind === workload.kind &&
      (object.spec as { scaleTargetRef?: { name?: string } }).scaleTargetRef?.name === workload.metadata.name,
  );
  const replicas = Math.max(spec.replicas ?? 1, (hpa?.spec as { maxReplicas?: number } | undefined)?.maxReplicas ?? 0);
  if (workload.kind !== 'Deployment') return replicas;
  const surge = spec.strategy?.rollingUpdate?.maxSurge ?? '25%';
  const extra = typeof surge === 'number' ? surge : Math.ceil((replicas * Number.parseFloat(String(surge))) / 100);
  return replicas + extra;
}

/**
 * Every workload at its peak at the same moment (HPA maximum, one rollout surge, every Job
 * running) must fit the namespace's ResourceQuota, or the quota would refuse pods exactly
 * when they are needed.
 */
export function quotaProblems(objects: readonly K8sObject[]): Problems {
  const quota = objects.find((object) => object.kind === 'ResourceQuota');
  if (!quota) return ['no ResourceQuota'];
  const hard = ((quota.spec as { hard?: Record<string, string> }).hard ?? {}) as Record<string, string>;
  const total = emptyUsage();
  for (const workload of objects) {
    const pod = podSpecOf(workload);
    if (!pod) continue;
    const usage = podUsage(pod);
    const count = peakPods(workload, objects);
    for (const key of Object.keys(total) as Array<keyof Usage>) total[key] += usage[key] * count;
  }
  return (Object.keys(total) as Array<keyof Usage>).flatMap((key) => {
    if (hard[key] === undefined) return [];
    const limit = parseQuantity(hard[key]);
    return total[key] <= limit ? [] : [`peak ${key} ${total[key]} exceeds the ResourceQuota's ${hard[key]} (${limit})`];
  });
}

/** A container's requests and limits must stay under the LimitRange's per-container max. */
export function limitRangeProblems(container: IContainer, objects: readonly K8sObject[]): Problems {
  const problems: Problems = [];
  for (const range of objects.filter((object) => object.kind === 'LimitRange')) {
    const limits = (range.spec as { limits?: Array<{ type?: string; max?: Record<string, string> }> }).limits ?? [];
    for (const item of limits.filter((entry) => entry.type === 'Container')) {
      for (const [resource, max] of Object.entries(item.max ?? {})) {
        for (const bound of ['requests', 'limits'] as const) {
          const value = container.resources?.[bound]?.[resource] as string | undefined;
          if (value !== undefined && parseQuantity(value) > parseQuantity(max)) {
            problems.push(`${bound}.${resource} ${value} is above the LimitRange max ${max}`);
          }
        }
      }
    }
  }
  return problems;
}

// --- other objects ------------------------------------------------------------------------

/** Generated by configMapGenerator/secretGenerator: the name ends in a content hash. */
export function hashedNameProblems(object: K8sObject): Problems {
  return /-[a-z0-9]{10}$/.test(object.metadata.name)
    ? []
    : [`${object.kind} ${object.metadata.name} has no content-hash suffix: a change would not roll the pods`];
}

export function podSecurityStandardProblems(namespace: K8sObject): Problems {
  const enforce = namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'];
  return enforce === 'restricted'
    ? []
    : [`namespace ${namespace.metadata.name} enforces ${String(enforce)}, expected restricted`];
}

export function isDefaultDeny(policy: K8sObject): boolean {
  if (policy.kind !== 'NetworkPolicy') return false;
  const spec = (policy.spec ?? {}) as {
    podSelector?: { matchLabels?: object; matchExpressions?: unknown[] };
    policyTypes?: string[];
    ingress?: unknown[];
    egress?: unknown[];
  };
  const selectsAll =
    Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 &&
    (spec.podSelector?.matchExpressions ?? []).length === 0;
  return (
    selectsAll &&
    (spec.policyTypes ?? []).includes('Ingress') &&
    (spec.policyTypes ?? []).includes('Egress') &&
    (spec.ingress ?? []).length === 0 &&
    (spec.egress ?? []).length === 0
  );
}

export function defaultDenyProblems(objects: readonly K8sObject[]): Problems {
  return objects.some(isDefaultDeny) ? [] : ['no NetworkPolicy denies all ingress and egress by default'];
}

export function serviceAccountProblems(account: K8sObject): Problems {
  return account.automountServiceAccountToken === false
    ? []
    : [`ServiceAccount ${account.metadata.name} does not set automountServiceAccountToken: false`];
}

export function servicePortProblems(service: K8sObject): Problems {
  const ports = (service.spec as { ports?: Array<{ name?: string; port: number; targetPort?: unknown }> }).ports ?? [];
  return ports.flatMap((port) => [
    ...(port.name ? [] : [`port ${port.port} has no name`]),
    ...(typeof port.targetPort === 'string'
      ? []
      : [`port ${port.port} targets ${String(port.targetPort)}, not a name`]),
  ]);
}

/** Services and NetworkPolicies must select pods that some workload actually runs (catches label typos). */
export function selectorMatchProblems(object: K8sObject, objects: readonly K8sObject[]): Problems {
  const selector = podSelectorOf(object);
  if (Object.keys(selector ?? {}).length === 0) return [];
  const pods = objects.filter((candidate) => podSpecOf(candidate)).map(templateLabels);
  return pods.some((labels) => selects(selector, labels))
    ? []
    : [`${object.kind} ${object.metadata.name} selects ${JSON.stringify(selector)}, which no workload's pods carry`];
}

// --- source files -------------------------------------------------------------------------

const DEPRECATED_KUSTOMIZE_FIELDS = ['commonLabels', 'bases', 'patchesStrategicMerge', 'patchesJson6902', 'vars'];

export function kustomizationFieldProblems(text: string): Problems {
  const fields = (parse(text) ?? {}) as Record<string, unknown>;
  return DEPRECATED_KUSTOMIZE_FIELDS.filter((field) => field in fields).map(
    (field) => `uses the deprecated ${field}${field === 'commonLabels' ? ' (use labels: with includeSelectors)' : ''}`,
  );
}
