import { build } from '../src/kustomize.ts';
import { containerCases, type K8sObject } from '../src/objects.ts';
import { overlayNames } from '../src/paths.ts';

export const overlays = overlayNames();

/** Every overlay's built objects, each paired with its overlay name. */
export const builds: Array<{ overlay: string; objects: K8sObject[] }> = overlays.map((overlay) => ({
  overlay,
  objects: build(`overlays/${overlay}`),
}));

export const containers = builds.flatMap(({ overlay, objects }) => containerCases(overlay, objects));
export const appContainers = containers.filter((entry) => !entry.init);
/** App containers of workloads that keep running and serve (a Job's pod runs to completion instead). */
export const servingContainers = appContainers.filter(({ workload }) => !['Job', 'CronJob'].includes(workload.kind));

/** Objects of one kind across all overlays, named "<overlay>: Kind/name" for test titles. */
export function objectsOfKind(kind: string) {
  return builds.flatMap(({ overlay, objects }) =>
    objects
      .filter((object) => object.kind === kind)
      .map((object) => ({ label: `${overlay}: ${kind}/${object.metadata.name}`, overlay, object, objects })),
  );
}

/** The long-running workloads: what rollouts, drains and grace periods apply to. */
export function workloadCases() {
  return [...objectsOfKind('Deployment'), ...objectsOfKind('StatefulSet')];
}

/** Every object that runs pods, one-off Jobs included. */
export function podWorkloadCases() {
  return [...workloadCases(), ...objectsOfKind('Job')];
}

export function overlayObjects(name: string): K8sObject[] {
  const found = builds.find((entry) => entry.overlay === name);
  if (!found) throw new Error(`no overlay named ${name} under k8s/overlays`);
  return found.objects;
}

/** [title, case] pairs, so `it.each(named(cases))('%s ...')` prints the title unquoted and whole. */
export function named<T extends { label: string }>(cases: readonly T[]): Array<[string, T]> {
  return cases.map((entry) => [entry.label, entry]);
}
