import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

/** Any Kubernetes object as kustomize prints it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** One container of one workload of one overlay, the unit the container rules run over. */
export interface ContainerCase {
  /** e.g. "kind: Deployment/api container api"; names the case in test output. */
  label: string;
  overlay: string;
  workload: K8sObject;
  pod: IPodSpec;
  container: IContainer;
  init: boolean;
}

export function describeObject(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function findObject(objects: readonly K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

interface WithTemplate {
  spec?: { template?: { spec?: IPodSpec }; jobTemplate?: { spec?: { template?: { spec?: IPodSpec } } } };
}

/** The pod spec a workload runs, or undefined for objects that run no pods. */
export function podSpecOf(object: K8sObject): IPodSpec | undefined {
  const spec = (object as WithTemplate).spec;
  switch (object.kind) {
    case 'Pod':
      return object.spec as IPodSpec;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template?.spec;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template?.spec;
    default:
      return undefined;
  }
}

export function workloads(objects: readonly K8sObject[]): K8sObject[] {
  return objects.filter((object) => podSpecOf(object) !== undefined);
}

export function containerCases(overlay: string, objects: readonly K8sObject[]): ContainerCase[] {
  return workloads(objects).flatMap((workload) => {
    const pod = podSpecOf(workload) as IPodSpec;
    const cases = (init: boolean) =>
      (init ? (pod.initContainers ?? []) : pod.containers).map((container) => ({
        label: `${overlay}: ${describeObject(workload)} ${init ? 'init container' : 'container'} ${container.name}`,
        overlay,
        workload,
        pod,
        container,
        init,
      }));
    return [...cases(true), ...cases(false)];
  });
}
