// The checks must be able to fail: each test breaks one thing in a copy of a real built
// object and expects the rule to report it. If a rule silently passed everything, these
// would catch it.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { describe, expect, it } from 'vitest';
import { annotationProblems, parseQuestionCatalog } from '../src/annotations.ts';
import { findObject, type K8sObject, podSpecOf } from '../src/objects.ts';
import {
  admitsPods,
  capabilityProblems,
  defaultDenyProblems,
  gracePeriodProblems,
  hashedNameProblems,
  imageProblems,
  jobProblems,
  kustomizationFieldProblems,
  limitRangeProblems,
  nonRootProblems,
  parseQuantity,
  podSecurityStandardProblems,
  portNamingProblems,
  privilegeEscalationProblems,
  probeEndpointProblems,
  probePresenceProblems,
  probeTimingProblems,
  quotaProblems,
  readOnlyRootProblems,
  resourceProblems,
  rolloutProblems,
  seccompProblems,
  selectedBy,
  selectorMatchProblems,
  serviceAccountProblems,
  serviceAccountTokenProblems,
  templateLabels,
} from '../src/rules.ts';
import { schemaProblems } from '../src/schema.ts';
import { overlayObjects } from './helpers.ts';

const pristine = overlayObjects('kind');

/** A deep copy of the kind build, free to mutate. */
function copy(): K8sObject[] {
  return structuredClone(pristine);
}

function get(objects: K8sObject[], kind: string, name: string): K8sObject {
  const object = findObject(objects, kind, name);
  if (!object) throw new Error(`${kind}/${name} missing from the kind build`);
  return object;
}

function apiPod(objects: K8sObject[]): { deployment: K8sObject; pod: IPodSpec; container: IContainer } {
  const deployment = get(objects, 'Deployment', 'api');
  const pod = podSpecOf(deployment) as IPodSpec;
  return { deployment, pod, container: pod.containers[0] as IContainer };
}

describe('the rules catch a broken copy of the kind build', () => {
  it('passes the unbroken api container (the baseline of the cases below)', () => {
    const { pod, container } = apiPod(copy());
    expect([
      ...nonRootProblems(container, pod),
      ...imageProblems(container),
      ...capabilityProblems(container),
      ...probeTimingProblems(container),
      ...probeEndpointProblems(container),
    ]).toEqual([]);
  });

  it('flags a container that may run as root or names its user by name', () => {
    const { pod, container } = apiPod(copy());
    delete container.securityContext?.runAsUser;
    delete pod.securityContext?.runAsUser;
    expect(nonRootProblems(container, pod)).toEqual([expect.stringContaining('numeric non-root uid')]);
    (container.securityContext as { runAsUser?: unknown }).runAsUser = 0;
    expect(nonRootProblems(container, pod)).not.toEqual([]);
    (container.securityContext as { runAsNonRoot?: unknown }).runAsNonRoot = false;
    expect(nonRootProblems(container, pod)).toHaveLength(2);
  });

  it('flags latest and untagged images but accepts a digest', () => {
    expect(imageProblems({ name: 'x', image: 'shortly-api:latest' })).toEqual([expect.stringContaining('latest')]);
    expect(imageProblems({ name: 'x', image: 'shortly-api' })).toEqual([expect.stringContaining('no tag')]);
    expect(imageProblems({ name: 'x', image: 'localhost:5000/shortly-api' })).toEqual([
      expect.stringContaining('no tag'),
    ]);
    expect(imageProblems({ name: 'x', image: `shortly-api@sha256:${'a'.repeat(64)}` })).toEqual([]);
  });

  it('flags a writable root, privilege escalation, kept capabilities and no seccomp', () => {
    const { pod, container } = apiPod(copy());
    container.securityContext = { capabilities: { add: ['NET_ADMIN'] } };
    delete pod.securityContext?.seccompProfile;
    expect(readOnlyRootProblems(container)).not.toEqual([]);
    expect(privilegeEscalationProblems(container)).not.toEqual([]);
    expect(capabilityProblems(container)).toHaveLength(2);
    expect(seccompProblems(container, pod)).not.toEqual([]);
  });

  it('flags unnamed ports, missing limits and missing probes', () => {
    const { container } = apiPod(copy());
    container.ports = [{ containerPort: 3000 }];
    delete container.resources?.limits;
    delete container.readinessProbe;
    expect(portNamingProblems(container)).toEqual(['containerPort 3000 has no name']);
    expect(resourceProblems(container)).toEqual(['no cpu in resources.limits', 'no memory in resources.limits']);
    expect(probePresenceProblems(container)).toEqual(['no readinessProbe']);
  });

  it('flags probe timings that restart a pod before taking it out of the Service', () => {
    const { container } = apiPod(copy());
    if (container.readinessProbe) container.readinessProbe.failureThreshold = 20;
    expect(probeTimingProblems(container)).toEqual([expect.stringContaining('restarted before')]);
  });

  it('flags a liveness probe that calls /ready', () => {
    const { container } = apiPod(copy());
    if (container.livenessProbe?.httpGet) container.livenessProbe.httpGet.path = '/ready';
    expect(probeEndpointProblems(container).join('\n')).toContain('readiness endpoint');
  });

  it('flags a Deployment that may take pods away during a rollout', () => {
    const { deployment } = apiPod(copy());
    (
      deployment.spec as { strategy: { rollingUpdate: { maxUnavailable: unknown } } }
    ).strategy.rollingUpdate.maxUnavailable = 1;
    expect(rolloutProblems(deployment)).toEqual([expect.stringContaining('maxUnavailable is 1')]);
  });

  it('flags a grace period shorter than preStop plus the drain, also when the drain grows in the ConfigMap', () => {
    const objects = copy();
    const { deployment, pod } = apiPod(objects);
    expect(gracePeriodProblems(deployment, objects)).toEqual([]);
    pod.terminationGracePeriodSeconds = 20;
    expect(gracePeriodProblems(deployment, objects)).not.toEqual([]);
    pod.terminationGracePeriodSeconds = 30;
    const config = objects.find((object) => object.metadata.name.startsWith('api-config-'));
    (config?.data as Record<string, string>).SHUTDOWN_TIMEOUT_MS = '30000';
    expect(gracePeriodProblems(deployment, objects)).toEqual([expect.stringContaining('drain 35 s')]);
  });

  it('flags a hand-named ConfigMap, a non-restricted namespace and a missing default deny', () => {
    const objects = copy();
    const config = objects.find((object) => object.metadata.name.startsWith('api-config-')) as K8sObject;
    config.metadata.name = 'api-config';
    expect(hashedNameProblems(config)).not.toEqual([]);
    const namespace = get(objects, 'Namespace', 'shortly');
    (namespace.metadata.labels as Record<string, string>)['pod-security.kubernetes.io/enforce'] = 'baseline';
    expect(podSecurityStandardProblems(namespace)).not.toEqual([]);
    expect(defaultDenyProblems(objects.filter((object) => object.metadata.name !== 'default-deny'))).not.toEqual([]);
  });

  it('flags a ServiceAccount or pod that mounts a token', () => {
    const objects = copy();
    const account = get(objects, 'ServiceAccount', 'api');
    account.automountServiceAccountToken = true;
    expect(serviceAccountProblems(account)).not.toEqual([]);
    const { deployment, pod } = apiPod(objects);
    delete pod.automountServiceAccountToken;
    expect(serviceAccountTokenProblems(deployment, objects)).toEqual([expect.stringContaining('mounts a token')]);
  });

  it('flags a Service whose selector matches no pods (a label typo)', () => {
    const objects = copy();
    const service = get(objects, 'Service', 'api');
    (service.spec as { selector: Record<string, string> }).selector = { 'app.kubernetes.io/name': 'apl' };
    expect(selectorMatchProblems(service, objects)).not.toEqual([]);
  });

  it('flags an object that breaks its schema, and a kind with no schema', () => {
    const { deployment } = apiPod(copy());
    (deployment.spec as { replicas: unknown }).replicas = 'three';
    expect(schemaProblems(deployment).join('\n')).toContain('replicas');
    expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      expect.stringContaining('no schema registered'),
    ]);
  });

  it('flags commonLabels in a kustomization', () => {
    expect(kustomizationFieldProblems('commonLabels:\n  app: api\nresources: []\n')).toEqual([
      expect.stringContaining('commonLabels'),
    ]);
    expect(kustomizationFieldProblems('labels:\n  - pairs: {app: api}\n')).toEqual([]);
  });

  it('flags an unknown question id and an annotation without a topic keyword', () => {
    const catalog = parseQuestionCatalog(
      'topics:\n  kubernetes:\n    keywords: [kubernetes, pod]\nquestions:\n  - id: k8s-probes\n    topic: kubernetes\n',
    );
    // Built at run time so that no scanner of this repo takes these lines for real annotations.
    const annotate = (id: string, text: string) => `# Q(${id}): ${text}`;
    expect(annotationProblems(annotate('k8s-probes', 'How are the pod probes tuned?'), catalog)).toEqual([]);
    expect(annotationProblems(annotate('k8s-made-up', 'How are the pod probes tuned?'), catalog)).toEqual([
      expect.stringContaining('not an id'),
    ]);
    expect(annotationProblems(annotate('k8s-probes', 'How are the checks tuned?'), catalog)).toEqual([
      expect.stringContaining('none of its topic'),
    ]);
  });

  it('flags a Job that kubectl apply would start at once, or that never gives up', () => {
    const objects = copy();
    const job = get(objects, 'Job', 'api-migrate');
    expect(jobProblems(job)).toEqual([]);
    const spec = job.spec as { suspend?: boolean; activeDeadlineSeconds?: number; backoffLimit?: number };
    spec.suspend = false;
    delete spec.activeDeadlineSeconds;
    delete spec.backoffLimit;
    expect(jobProblems(job)).toEqual([
      expect.stringContaining('suspend'),
      expect.stringContaining('activeDeadlineSeconds'),
      expect.stringContaining('backoffLimit'),
    ]);
  });

  it("flags a Job pod labelled like the api: the api's Service, PDB and NetworkPolicy would select it", () => {
    const objects = copy();
    const job = get(objects, 'Job', 'api-migrate');
    expect(selectedBy(job, objects)).toEqual(['NetworkPolicy/api-migrate']);
    const template = (job.spec as { template: { metadata: { labels: Record<string, string> } } }).template;
    template.metadata.labels['app.kubernetes.io/name'] = 'api';
    expect(selectedBy(job, objects)).toEqual(
      expect.arrayContaining(['Service/api', 'PodDisruptionBudget/api', 'NetworkPolicy/api']),
    );
  });

  it('flags a Redis NetworkPolicy that no longer admits the migration pods', () => {
    const objects = copy();
    const policy = get(objects, 'NetworkPolicy', 'redis');
    const migrate = templateLabels(get(objects, 'Job', 'api-migrate'));
    expect(admitsPods(policy, migrate)).toBe(true);
    const rules = (policy.spec as { ingress: Array<{ from: Array<{ podSelector?: unknown }> }> }).ingress;
    for (const rule of rules) rule.from = rule.from.filter((peer) => !JSON.stringify(peer).includes('api-migrate'));
    expect(admitsPods(policy, migrate)).toBe(false);
  });

  it('flags workloads whose peak does not fit the ResourceQuota, and a container above the LimitRange', () => {
    const objects = copy();
    expect(quotaProblems(objects)).toEqual([]);
    const hpa = get(objects, 'HorizontalPodAutoscaler', 'api');
    (hpa.spec as { maxReplicas: number }).maxReplicas = 40;
    expect(quotaProblems(objects).join('\n')).toContain('pods');
    const { container } = apiPod(objects);
    (container.resources?.limits as Record<string, string>).memory = '4Gi';
    expect(limitRangeProblems(container, objects)).toEqual([expect.stringContaining('limits.memory 4Gi')]);
  });

  it('reads Kubernetes quantities', () => {
    expect(parseQuantity('100m')).toBeCloseTo(0.1);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('128Mi')).toBe(128 * 2 ** 20);
    expect(parseQuantity('8Gi')).toBe(8 * 2 ** 30);
    expect(() => parseQuantity('lots')).toThrow();
  });
});
