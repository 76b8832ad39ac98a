// Q(k8s-pod-security-context): Which pod and container settings must every Kubernetes container here pass?
// One named assertion per rule and container, over every overlay's build: breaking a rule
// fails a test whose title names the rule and the container.
import { describe, expect, it } from 'vitest';
import {
  capabilityProblems,
  imageProblems,
  limitRangeProblems,
  nonRootProblems,
  portNamingProblems,
  privilegeEscalationProblems,
  probeEndpointProblems,
  probePresenceProblems,
  probeTimingProblems,
  readOnlyRootProblems,
  resourceProblems,
  seccompProblems,
  tmpVolumeProblems,
} from '../src/rules.ts';
import { appContainers, containers, named, overlayObjects, servingContainers } from './helpers.ts';

describe('every container of every overlay', () => {
  it("finds containers to check, the migration Job's among them", () => {
    expect(servingContainers.length).toBeGreaterThan(0);
    expect(appContainers.filter(({ workload }) => workload.kind === 'Job').length).toBeGreaterThan(0);
  });

  // Ports and probes are for containers that serve; every other rule below applies to all,
  // the one-off Job's container included.

  it.each(named(containers))('%s names every port it declares', (_label, { container }) => {
    expect(portNamingProblems(container)).toEqual([]);
  });

  it.each(named(servingContainers))('%s declares at least one port', (_label, { container }) => {
    expect(container.ports?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(named(containers))('%s sets CPU and memory requests and limits', (_label, { container }) => {
    expect(resourceProblems(container)).toEqual([]);
  });

  it.each(named(servingContainers))('%s has startup, liveness and readiness probes', (_label, { container }) => {
    expect(probePresenceProblems(container)).toEqual([]);
  });

  it.each(named(servingContainers))('%s has probe timings that fit together', (_label, { container }) => {
    expect(probeTimingProblems(container)).toEqual([]);
  });

  it.each(named(servingContainers))('%s probes the right endpoints on named ports', (_label, { container }) => {
    expect(probeEndpointProblems(container)).toEqual([]);
  });

  it.each(named(containers))('%s runs as a numeric non-root user', (_label, { container, pod }) => {
    expect(nonRootProblems(container, pod)).toEqual([]);
  });

  it.each(named(containers))('%s has a read-only root filesystem', (_label, { container }) => {
    expect(readOnlyRootProblems(container)).toEqual([]);
  });

  it.each(named(containers))('%s cannot escalate privileges', (_label, { container }) => {
    expect(privilegeEscalationProblems(container)).toEqual([]);
  });

  it.each(named(containers))('%s drops all capabilities', (_label, { container }) => {
    expect(capabilityProblems(container)).toEqual([]);
  });

  it.each(named(containers))('%s uses the RuntimeDefault seccomp profile', (_label, { container, pod }) => {
    expect(seccompProblems(container, pod)).toEqual([]);
  });

  it.each(named(containers))('%s pins its image to a version tag, never latest', (_label, { container }) => {
    expect(imageProblems(container)).toEqual([]);
  });

  it.each(named(containers))(
    '%s stays under the LimitRange per-container maximum',
    (_label, { container, overlay }) => {
      expect(limitRangeProblems(container, overlayObjects(overlay))).toEqual([]);
    },
  );

  const writesTmp = appContainers.filter(({ container }) => /shortly-(api|web)/.test(container.image ?? ''));
  it.each(named(writesTmp))('%s gets an emptyDir at /tmp', (_label, { container, pod }) => {
    expect(tmpVolumeProblems(container, pod)).toEqual([]);
  });
});
