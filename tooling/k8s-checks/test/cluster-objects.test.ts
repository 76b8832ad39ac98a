import { describe, expect, it } from 'vitest';
import { findObject } from '../src/objects.ts';
import {
  defaultDenyProblems,
  hashedNameProblems,
  podSecurityStandardProblems,
  quotaProblems,
  selectorMatchProblems,
  serviceAccountProblems,
  servicePortProblems,
} from '../src/rules.ts';
import { builds, named, objectsOfKind } from './helpers.ts';

describe('namespace, network and config objects of every overlay', () => {
  it.each(named(objectsOfKind('Namespace')))(
    '%s enforces the restricted Pod Security Standard',
    (_label, { object }) => {
      expect(podSecurityStandardProblems(object)).toEqual([]);
    },
  );

  it.each(builds.map(({ overlay, objects }) => [overlay, objects] as const))(
    '%s: has the shortly namespace',
    (_overlay, objects) => {
      expect(findObject(objects, 'Namespace', 'shortly')).toBeDefined();
    },
  );

  it.each(builds.map(({ overlay, objects }) => [overlay, objects] as const))(
    '%s: has a default-deny NetworkPolicy',
    (_overlay, objects) => {
      expect(defaultDenyProblems(objects)).toEqual([]);
    },
  );

  it.each(named(objectsOfKind('ServiceAccount')))(
    '%s sets automountServiceAccountToken: false',
    (_label, { object }) => {
      expect(serviceAccountProblems(object)).toEqual([]);
    },
  );

  it.each(named(objectsOfKind('ConfigMap')))('%s has a content-hashed (generated) name', (_label, { object }) => {
    expect(hashedNameProblems(object)).toEqual([]);
  });

  it.each(named(objectsOfKind('Secret')))('%s has a content-hashed (generated) name', (_label, { object }) => {
    expect(hashedNameProblems(object)).toEqual([]);
  });

  it.each(named(objectsOfKind('Service')))(
    '%s names its ports and targets named container ports',
    (_label, { object }) => {
      expect(servicePortProblems(object)).toEqual([]);
    },
  );

  it.each(named([...objectsOfKind('Service'), ...objectsOfKind('NetworkPolicy')]))(
    '%s selects pods that a workload runs',
    (_label, { object, objects }) => {
      expect(selectorMatchProblems(object, objects)).toEqual([]);
    },
  );

  // Every workload at once at its peak: HPA maximum plus a rollout surge, and the migration
  // Job, which runs right after the api rollout.
  it.each(builds.map(({ overlay, objects }) => [overlay, objects] as const))(
    '%s: fits the ResourceQuota with every workload at its peak, Jobs included',
    (_overlay, objects) => {
      expect(quotaProblems(objects)).toEqual([]);
    },
  );
});
