import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

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

/**
 * Runs test files in the order of their names (01-..., 02-..., 99-...), for suites that
 * share one stack or cluster and change it as they go. Vitest's own order puts the
 * slowest or last-failed files first.
 */
export class NameOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
