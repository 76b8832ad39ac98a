import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const reports = fileURLToPath(new URL('../../reports/', import.meta.url));

/**
 * The settings every package shares: tests in test/, and under CI a JSON report in the
 * repository's reports/ folder, which .ci/summarize-reports.mjs adds up. A package passes
 * only what differs.
 */
export function sharedConfig(report: string, own: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['test/**/*.test.ts'],
        reporters: process.env.CI ? ['default', ['json', { outputFile: `${reports}${report}.json` }]] : ['default'],
      },
    }),
    own,
  );
}
