import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits for the next clock-aligned rate-limit window when less than `neededMs` is left of the
 * current one, so that all of a test's requests are counted in one window (the api's shared
 * limits use windows aligned to the clock: apps/api/src/rate-limit/window-counters.ts).
 */
export async function startInOneRateLimitWindow(windowMs: number, neededMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await sleep(left + 10);
}
