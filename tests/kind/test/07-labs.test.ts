import { describe, expect, it } from 'vitest';
import { KUBERNETES_LABS } from '../src/labs.ts';

// Each lab of docs/labs/kubernetes, rehearsed as a candidate would run it: break, see the
// symptom with check, fix, and see it gone.
describe.each(KUBERNETES_LABS)('the $name lab', (lab) => {
  it(`breaks (${lab.title}), shows it, and is fixed`, async () => {
    await lab.break();
    try {
      await expect.poll(async () => (await lab.check()).broken, { timeout: 180_000, interval: 3000 }).toBe(true);
      process.stdout.write(`${lab.name} broken: ${(await lab.check()).evidence}\n`);
    } finally {
      // Repaired even when the symptom never showed, so the next lab starts from a sound deploy.
      await lab.fix();
    }
    await expect.poll(async () => (await lab.check()).broken, { timeout: 180_000, interval: 3000 }).toBe(false);
  });
});
