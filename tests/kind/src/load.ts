import { ENTRY } from './cluster.ts';

/** What one stretch of the load saw: answers by release, and every failure with its reason. */
export interface Phase {
  readonly name: string;
  readonly byVersion: Map<string, number>;
  readonly failures: string[];
  sent: number;
}

/**
 * A steady stream of redirects through the cluster's entry, a few at a time, counting the
 * answers by X-Shortly-Version into the current phase. A failure is anything but a 302 to
 * the link's target (a 5xx, a reset connection, a timeout).
 */
export function steadyLoad(code: string, target: string, concurrency = 4) {
  const phases: Phase[] = [];
  let current = newPhase('start');
  phases.push(current);
  let running = true;

  function newPhase(name: string): Phase {
    return { name, byVersion: new Map(), failures: [], sent: 0 };
  }

  async function worker() {
    while (running) {
      const phase = current;
      phase.sent++;
      try {
        const response = await fetch(`${ENTRY}/${code}`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
        if (response.status !== 302 || response.headers.get('location') !== target) {
          phase.failures.push(`${response.status} ${response.headers.get('location') ?? ''}`);
        } else {
          const version = response.headers.get('x-shortly-version') ?? 'none';
          phase.byVersion.set(version, (phase.byVersion.get(version) ?? 0) + 1);
        }
        await response.body?.cancel();
      } catch (error) {
        phase.failures.push(String(error));
      }
      // About 10 requests a second in all: under the api's per-client redirect limit.
      await new Promise((resolve) => setTimeout(resolve, 100 * concurrency));
    }
  }
  const workers = Array.from({ length: concurrency }, worker);

  return {
    /** Starts counting into a new phase. */
    phase(name: string): void {
      current = newPhase(name);
      phases.push(current);
    },
    async stop(): Promise<Phase[]> {
      running = false;
      await Promise.all(workers);
      return phases;
    },
  };
}

/** The share of a phase's answers that came from one release, 0 to 1. */
export function share(phase: Phase, version: string): number {
  const total = [...phase.byVersion.values()].reduce((sum, count) => sum + count, 0);
  return total === 0 ? 0 : (phase.byVersion.get(version) ?? 0) / total;
}

export function describePhases(phases: Phase[]): string {
  return phases
    .map((phase) => {
      const versions = [...phase.byVersion].map(([version, count]) => `${version}: ${count}`).join(', ');
      return `${phase.name}: ${phase.sent} sent, ${versions || 'no answers'}, ${phase.failures.length} failed`;
    })
    .join('\n');
}
