import { describe, expect, it } from 'vitest';
import {
  disruptionBudgetProblems,
  gracePeriodProblems,
  preStopProblems,
  rolloutProblems,
  serviceAccountTokenProblems,
  topologySpreadProblems,
} from '../src/rules.ts';
import { named, objectsOfKind, workloadCases } from './helpers.ts';

const deployments = objectsOfKind('Deployment');
const workloads = workloadCases();

describe('every workload of every overlay', () => {
  it('finds Deployments to check', () => {
    expect(deployments.length).toBeGreaterThan(0);
  });

  it.each(named(deployments))('%s rolls out with maxUnavailable 0', (_label, { object }) => {
    expect(rolloutProblems(object)).toEqual([]);
  });

  it.each(named(deployments))('%s sleeps in preStop to cover endpoint propagation', (_label, { object }) => {
    expect(preStopProblems(object)).toEqual([]);
  });

  it.each(named(workloads))(
    '%s has terminationGracePeriodSeconds above preStop plus drain',
    (_label, { object, objects }) => {
      expect(gracePeriodProblems(object, objects)).toEqual([]);
    },
  );

  it.each(named(deployments))('%s spreads its pods over nodes', (_label, { object }) => {
    expect(topologySpreadProblems(object)).toEqual([]);
  });

  it.each(named(deployments))('%s is covered by a PodDisruptionBudget', (_label, { object, objects }) => {
    expect(disruptionBudgetProblems(object, objects)).toEqual([]);
  });

  it.each(named(workloads))(
    '%s runs under its own ServiceAccount with no token mounted',
    (_label, { object, objects }) => {
      expect(serviceAccountTokenProblems(object, objects)).toEqual([]);
    },
  );
});
