import { startSharedRedis } from '@shortly/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** One Redis for the whole run; each test file works on its own database index. */
export default async function setup(project: TestProject) {
  const redis = await startSharedRedis();
  project.provide('redisUrl', redis.url);
  return () => redis.close();
}
