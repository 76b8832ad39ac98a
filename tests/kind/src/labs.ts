// Troubleshooting labs on the kind cluster of `pnpm kind:up`: each breaks the deploy the way
// an interview scenario describes, shows the symptom, and repairs it. docs/labs/kubernetes/
// walks through the diagnosis of each.
import { kubectl, kubectlJson, kubectlResult, NAMESPACE } from './cluster.ts';

export interface Observation {
  /** True while the symptom the lab is about can be seen. */
  broken: boolean;
  /** What the lab's commands show, in a line or two. */
  evidence: string;
}

export interface KubernetesLab {
  readonly name: string;
  /** The catalog id of the question the lab practises. */
  readonly question: string;
  readonly title: string;
  break(): Promise<void>;
  check(): Promise<Observation>;
  fix(): Promise<void>;
}

interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state: { waiting?: { reason: string; message?: string } };
  lastState: { terminated?: { reason: string; exitCode: number } };
}
interface PodStatus {
  metadata: { name: string };
  status: { phase: string; containerStatuses?: ContainerStatus[]; conditions?: { type: string; reason?: string }[] };
}

const ns = ['-n', NAMESPACE];

async function pods(app: string): Promise<PodStatus[]> {
  return (await kubectlJson<{ items: PodStatus[] }>([...ns, 'get', 'pods', '-l', `app.kubernetes.io/name=${app}`]))
    .items;
}

/** Undoes the last change of a Deployment and waits for the rollout: the fix of most labs. */
async function undo(deployment: string): Promise<void> {
  await kubectl([...ns, 'rollout', 'undo', `deployment/${deployment}`]);
  await kubectl([...ns, 'rollout', 'status', `deployment/${deployment}`, '--timeout=240s']);
}

/** The first container status of the app's pods that matches, with its pod. */
async function findStatus(app: string, match: (status: ContainerStatus) => boolean) {
  for (const pod of await pods(app)) {
    const status = pod.status.containerStatuses?.find(match);
    if (status) return { pod: pod.metadata.name, status };
  }
  return undefined;
}

/** Waiting to be restarted again: a pod that restarted once long ago and runs is fine. */
const crashLooping = (status: ContainerStatus) => status.state.waiting?.reason === 'CrashLoopBackOff';

const patchApi = (patch: unknown[]) =>
  kubectl([...ns, 'patch', 'deployment/api', '--type=json', '-p', JSON.stringify(patch)]);

export const KUBERNETES_LABS: KubernetesLab[] = [
  {
    name: 'crashloop',
    question: 'troubleshoot-pod-crashloop',
    title: 'a new api release crash-loops on a wrong REDIS_URL',
    async break() {
      await kubectl([...ns, 'set', 'env', 'deployment/api', 'REDIS_URL=redis://redis-primary:6379']);
    },
    async check() {
      const found = await findStatus('api', crashLooping);
      if (!found) return { broken: false, evidence: 'no api container is in CrashLoopBackOff' };
      const logs = await kubectlResult([...ns, 'logs', found.pod, '--previous', '--tail=1']);
      return {
        broken: true,
        evidence: `${found.pod}: CrashLoopBackOff; ${logs.output.trim()}`,
      };
    },
    fix: () => undo('api'),
  },
  {
    name: 'image-pull',
    question: 'troubleshoot-debug-commands',
    title: 'a release names an image tag that no registry has',
    async break() {
      await kubectl([...ns, 'set', 'image', 'deployment/web', 'web=shortly-web:9.9.9']);
    },
    async check() {
      const found = await findStatus('web', (s) => /ImagePullBackOff|ErrImagePull/.test(s.state.waiting?.reason ?? ''));
      if (!found) return { broken: false, evidence: 'every web container has its image' };
      return { broken: true, evidence: `${found.pod}: ${found.status.state.waiting?.reason}` };
    },
    fix: () => undo('web'),
  },
  {
    name: 'pending',
    question: 'k8s-namespaces-quotas',
    title: 'a scale-up the namespace quota and the node cannot hold',
    async break() {
      await kubectl([...ns, 'scale', 'deployment/web', '--replicas=40']);
    },
    async check() {
      const events = await kubectl([...ns, 'get', 'events', '--field-selector', 'reason=FailedCreate', '-o', 'name']);
      const pending = (await pods('web')).filter((pod) => pod.status.phase === 'Pending').length;
      const deployment = await kubectlJson<{ spec: { replicas: number }; status: { readyReplicas?: number } }>([
        ...ns,
        'get',
        'deployment/web',
      ]);
      const short = deployment.spec.replicas - (deployment.status.readyReplicas ?? 0);
      return {
        broken: short > 0 && (pending > 0 || events.trim() !== ''),
        evidence: `web: ${deployment.status.readyReplicas ?? 0}/${deployment.spec.replicas} ready, ${pending} Pending, ${events.trim().split('\n').filter(Boolean).length} FailedCreate events (quota)`,
      };
    },
    async fix() {
      await kubectl([...ns, 'scale', 'deployment/web', '--replicas=1']);
      await kubectl([...ns, 'rollout', 'status', 'deployment/web', '--timeout=240s']);
    },
  },
  {
    name: 'dns',
    question: 'k8s-service-discovery',
    title: 'cluster DNS is down, and a new api pod cannot resolve redis',
    async break() {
      // CoreDNS gone (a bad Corefile, or a policy dropping port 53: both look the same from
      // a pod). Pods already running keep their connections; a new one cannot start.
      await kubectl(['-n', 'kube-system', 'scale', 'deployment/coredns', '--replicas=0']);
      // Until they are gone, the stopping CoreDNS pods still answer.
      await kubectl(['-n', 'kube-system', 'wait', '--for=delete', 'pod', '-l', 'k8s-app=kube-dns', '--timeout=120s']);
      await kubectl([...ns, 'rollout', 'restart', 'deployment/api']);
    },
    async check() {
      const found = await findStatus('api', crashLooping);
      if (!found) return { broken: false, evidence: 'every api pod resolves redis and runs' };
      const logs = await kubectlResult([...ns, 'logs', found.pod, '--previous', '--tail=1']);
      // ioredis's connect timeout covers the name lookup, so a lookup that never gets an
      // answer shows as ETIMEDOUT; `getent hosts redis` in the pod says there is no answer.
      const lookup = await kubectlResult([...ns, 'exec', 'deployment/api', '--', 'getent', 'hosts', 'redis']);
      return {
        broken: /ETIMEDOUT|EAI_AGAIN/.test(logs.output) && !lookup.ok,
        evidence: `${found.pod}: ${logs.output.trim()}; getent hosts redis: ${lookup.ok ? 'resolves' : 'no answer'}`,
      };
    },
    async fix() {
      await kubectl(['-n', 'kube-system', 'scale', 'deployment/coredns', '--replicas=2']);
      await kubectl(['-n', 'kube-system', 'rollout', 'status', 'deployment/coredns', '--timeout=120s']);
      await kubectl([...ns, 'rollout', 'status', 'deployment/api', '--timeout=300s']);
    },
  },
  {
    name: 'readiness-stall',
    question: 'k8s-rolling-update',
    title: 'a rollout stalls on a readiness probe that never passes',
    async break() {
      await patchApi([
        { op: 'replace', path: '/spec/template/spec/containers/0/readinessProbe/httpGet/path', value: '/readyz' },
      ]);
    },
    async check() {
      const status = await kubectlResult([...ns, 'rollout', 'status', 'deployment/api', '--timeout=5s']);
      const unready = await findStatus('api', (s) => !s.ready);
      return {
        broken: !status.ok && unready !== undefined,
        evidence: `${status.output.trim().split('\n').at(-1)}${unready ? `; ${unready.pod} not ready` : ''}`,
      };
    },
    fix: () => undo('api'),
  },
  {
    name: 'oomkilled',
    question: 'k8s-resources-requests-limits',
    title: 'the api is OOMKilled under a memory limit too small for it',
    async break() {
      await patchApi([
        { op: 'replace', path: '/spec/template/spec/containers/0/resources/limits/memory', value: '48Mi' },
        { op: 'replace', path: '/spec/template/spec/containers/0/resources/requests/memory', value: '48Mi' },
      ]);
    },
    async check() {
      const found = await findStatus('api', (s) => s.lastState.terminated?.reason === 'OOMKilled');
      if (!found) return { broken: false, evidence: 'no api container was OOMKilled' };
      const { reason, exitCode } = found.status.lastState.terminated ?? {};
      return { broken: true, evidence: `${found.pod}: last state ${reason}, exit code ${exitCode}` };
    },
    fix: () => undo('api'),
  },
  {
    name: 'drain-pdb',
    question: 'k8s-pdb',
    title: 'a node drain is refused by a PodDisruptionBudget',
    async break() {
      await kubectl([...ns, 'patch', 'pdb/api', '--type=merge', '-p', '{"spec":{"maxUnavailable":0}}']);
    },
    async check() {
      const node = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
      // A server-side dry run goes through every eviction check and evicts nothing.
      const drain = await kubectlResult([
        'drain',
        node,
        '--ignore-daemonsets',
        '--delete-emptydir-data',
        '--dry-run=server',
        `--pod-selector=app.kubernetes.io/instance=api`,
        '--timeout=15s',
      ]);
      const refused = /disruption budget/.test(drain.output);
      return {
        broken: refused,
        evidence: refused
          ? (drain.output.match(/.*disruption budget.*/)?.[0] ?? '')
          : 'the drain may evict the api pod',
      };
    },
    async fix() {
      await kubectl([...ns, 'patch', 'pdb/api', '--type=merge', '-p', '{"spec":{"maxUnavailable":1}}']);
    },
  },
];
