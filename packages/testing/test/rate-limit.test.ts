import { describe, expect, it } from 'vitest';
import { startInOneRateLimitWindow } from '../src/rate-limit.ts';

const leftOfWindow = (windowMs: number) => windowMs - (Date.now() % windowMs);

describe('startInOneRateLimitWindow', () => {
  it('returns with at least the time asked for left in the current window', async () => {
    for (let i = 0; i < 8; i++) {
      await startInOneRateLimitWindow(200, 150);
      expect(leftOfWindow(200)).toBeGreaterThanOrEqual(145);
      // Land somewhere else in the next window.
      await new Promise((resolve) => setTimeout(resolve, 37));
    }
  });

  it('returns at once when enough of the window is left', async () => {
    const started = performance.now();
    await startInOneRateLimitWindow(60_000, 0);
    expect(performance.now() - started).toBeLessThan(5);
  });
});
