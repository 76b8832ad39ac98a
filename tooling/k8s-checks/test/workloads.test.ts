import { describe, expect, it } from 'vitest';
import {
  disruptionBudgetProblems,
  gracePeriodProblems,
  jobProblems,
  preStopProblems,
  rolloutProblems,
  serviceAccountTokenProblems,
  topologySpreadProblems,
} from '../src/rules.ts';
import { named, objectsOfKind, podWorkloadCases, workloadCases } from './helpers.ts';

const deployments = objectsOfKind('Deployment');
const workloads = workloadCases();
const jobs = objectsOfKind('Job');

describe('every workload of every overlay', () => {
  it('finds Deployments and Jobs to check', () => {
    expect(deployments.length).toBeGreaterThan(0);
    expect(jobs.length).toBeGreaterThan(0);
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

  it.each(named(podWorkloadCases()))(
    '%s runs under its own ServiceAccount with no token mounted',
    (_label, { object, objects }) => {
      expect(serviceAccountTokenProblems(object, objects)).toEqual([]);
    },
  );

  it.each(named(jobs))(
    '%s is applied suspended, with a deadline, a retry limit and restartPolicy Never',
    (_label, { object }) => {
      expect(jobProblems(object)).toEqual([]);
    },
  );
});
