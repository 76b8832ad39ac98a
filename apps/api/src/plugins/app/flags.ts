import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { FeatureFlags, FLAGS } from '../../flags/feature-flags.ts';

declare module 'fastify' {
  interface FastifyInstance {
    flags: FeatureFlags;
  }
}

/** Feature flags from Redis, reread by every replica every FEATURE_FLAGS_REFRESH_MS. */
export default fp(
  async function flagsPlugin(fastify) {
    const flags = new FeatureFlags(fastify.redis, (flag, value) =>
      fastify.log.warn({ flag, value }, 'feature flag ignored: the value must be a percentage from 0 to 100'),
    );
    // Startup never waits on flags: with Redis hiccuping, every feature starts switched off.
    await flags.refresh().catch((error: unknown) => fastify.log.warn({ err: error }, 'feature flags not loaded'));
    flags.start(fastify.config.featureFlagsRefreshMs, (error) =>
      fastify.log.warn({ err: error }, 'feature flags not refreshed; keeping the last values'),
    );

    // The rollout each replica applies, so a dashboard shows when all of them follow a change.
    new Gauge({
      name: 'shortly_feature_flag_rollout_percent',
      help: 'Rollout percentage of each feature flag as this replica currently applies it.',
      labelNames: ['flag'] as const,
      registers: [fastify.metrics.registry],
      collect() {
        for (const flag of Object.values(FLAGS)) this.set({ flag }, flags.percentage(flag));
      },
    });

    fastify.decorate('flags', flags);
    fastify.addHook('onClose', async () => flags.stop());
  },
  { name: 'flags', dependencies: ['redis', 'metrics', 'config'] },
);
