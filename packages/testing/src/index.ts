export {
  freePort,
  type OwnedRedis,
  REDIS_TEST_IMAGE,
  startOwnedRedis,
  startSharedRedis,
  waitForRedis,
} from './redis.ts';
