import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { envSchema } from 'env-schema';
import { type Static, Type } from 'typebox';
import { StartupError } from './errors.ts';

// Q(config-per-environment): How does one image get its configuration in dev, staging and production?
// Q(config-typed-validation): How do you load config into a typed object and fail fast on a bad value?
// Everything that differs between environments is an environment variable, read
// and validated here once at startup (12-factor); the rest of the code gets a typed,
// frozen object and never touches process.env. A bad value stops the process with a
// message naming the variable, instead of failing later on the first request.
export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://localhost:6379' }),
  REDIS_PASSWORD: Type.String({ default: '' }),
  REDIS_PASSWORD_FILE: Type.String({ default: '' }),
  PUBLIC_BASE_URL: Type.String({ pattern: '^https?://', default: 'http://localhost:3000' }),
  SHORTLY_VERSION: Type.String({ minLength: 1, default: 'dev' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  // An explicit type lets the validator coerce the env string "308" before the enum check.
  REDIRECT_STATUS: Type.Enum([301, 302, 307, 308], { type: 'integer', default: 302 }),
  CODE_LENGTH: Type.Integer({ minimum: 5, maximum: 32, default: 7 }),
  RATE_LIMIT_CREATE_MAX: Type.Integer({ minimum: 1, default: 20 }),
  RATE_LIMIT_CREATE_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  RATE_LIMIT_REDIRECT_MAX: Type.Integer({ minimum: 1, default: 600 }),
  RATE_LIMIT_REDIRECT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  RATE_LIMIT_READ_MAX: Type.Integer({ minimum: 1, default: 120 }),
  RATE_LIMIT_READ_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  API_KEY_HASHES: Type.String({ default: '' }),
  BLOCKED_HOSTS: Type.String({ default: '' }),
  TRUST_PROXY: Type.String({ default: 'false' }),
  REDIS_COMMAND_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 10_000, default: 500 }),
  VISIT_FLUSH_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 10_000, default: 1000 }),
  FEATURE_FLAGS_REFRESH_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 5000 }),
  SHUTDOWN_DELAY_MS: Type.Integer({ minimum: 0, maximum: 120_000, default: 5000 }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 300_000, default: 10_000 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  // OpenTelemetry's standard names, so a platform that sets them (an operator, a collector sidecar) just works.
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.String({ default: '' }),
  OTEL_SERVICE_NAME: Type.String({ minLength: 1, default: 'shortly-api' }),
  OTEL_TRACES_SAMPLER_ARG: Type.Number({ minimum: 0, maximum: 1, default: 1 }),
});
type Env = Static<typeof EnvSchema>;

export type RedirectStatus = 301 | 302 | 307 | 308;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** true, false, proxy addresses/CIDRs, or a hop count (as a function, the form Fastify types). */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

export interface RateLimitRule {
  readonly max: number;
  readonly windowMs: number;
}

export interface TracingConfig {
  /** Where the OTLP/HTTP exporter posts spans: OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  readonly tracesUrl: string;
  readonly serviceName: string;
  /** Share of new traces recorded, 0 to 1; a trace continued from a caller keeps the caller's decision. */
  readonly sampleRatio: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly redisUrl: string;
  /** Origin that short URLs are built on, without a trailing slash. */
  readonly publicBaseUrl: string;
  readonly publicHostname: string;
  readonly logLevel: LogLevel;
  /** The release this process runs (the image's version), sent as X-Shortly-Version. */
  readonly version: string;
  readonly redirectStatus: RedirectStatus;
  readonly codeLength: number;
  readonly rateLimit: {
    readonly create: RateLimitRule;
    readonly redirect: RateLimitRule;
    readonly read: RateLimitRule;
  };
  /** SHA-256 digests of the API keys allowed to delete links. */
  readonly apiKeyHashes: readonly Buffer[];
  readonly blockedHosts: readonly string[];
  readonly trustProxy: TrustProxy;
  readonly redisCommandTimeoutMs: number;
  /** How often counted visits are written to Redis: the most a crash can lose. */
  readonly visitFlushIntervalMs: number;
  /** How often each replica rereads the feature flags: the delay before a flip takes effect. */
  readonly featureFlagsRefreshMs: number;
  readonly shutdownDelayMs: number;
  readonly shutdownTimeoutMs: number;
  /** How long a client has to send a whole request, headers and body. */
  readonly requestTimeoutMs: number;
  /** OpenTelemetry tracing; null (off, nothing registered) unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  readonly tracing: TracingConfig | null;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

interface SchemaError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function describeSchemaError(error: SchemaError): string {
  const variable = error.instancePath.replace(/^\//, '') || 'environment';
  const allowed = error.params.allowedValues;
  if (Array.isArray(allowed)) {
    return `${variable} must be one of: ${allowed.join(', ')}`;
  }
  return `${variable} ${error.message ?? 'is invalid'}`;
}

function parseEnv(env: NodeJS.ProcessEnv): Env {
  try {
    // env: false, or env-schema would also merge process.env into what it was given.
    return envSchema<Env>({ schema: EnvSchema, data: env, dotenv: false, env: false });
  } catch (error) {
    const details = (error as { errors?: SchemaError[] }).errors;
    const lines = details ? details.map(describeSchemaError) : [(error as Error).message];
    throw new StartupError(
      `Invalid configuration:\n  - ${lines.join('\n  - ')}\nFix these environment variables (see .env.example for every variable and its meaning).`,
    );
  }
}

function parsePublicBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StartupError(`PUBLIC_BASE_URL "${value}" is not a URL; give the origin users reach, e.g. https://sho.rt`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new StartupError(
      `PUBLIC_BASE_URL must be an origin only (scheme, host and optional port), got "${value}"; e.g. https://sho.rt`,
    );
  }
  return url;
}

function parseTracing(endpoint: string, serviceName: string, sampleRatio: number): TracingConfig | null {
  const value = endpoint.trim();
  if (!value) return null;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new StartupError(
      `OTEL_EXPORTER_OTLP_ENDPOINT "${value}" is not an http(s) URL; give the OTLP/HTTP collector's base URL, ` +
        'e.g. http://otel-collector:4318, or leave it empty to turn tracing off',
    );
  }
  // The OTLP rule for this variable: the traces path is appended to the base URL.
  return { tracesUrl: `${url.href.replace(/\/$/, '')}/v1/traces`, serviceName, sampleRatio };
}

function parseApiKeyHashes(value: string): Buffer[] {
  return splitList(value).map((hash, index) => {
    if (!SHA256_HEX.test(hash)) {
      throw new StartupError(
        `API_KEY_HASHES entry ${index + 1} is not a SHA-256 hex digest (64 hex characters). ` +
          `Store hashes, never keys: printf %s "$API_KEY" | sha256sum`,
      );
    }
    return Buffer.from(hash, 'hex');
  });
}

// Q(nginx-proxy-headers): Which forwarded headers let the app behind Nginx see the real client?
// X-Forwarded-For and X-Forwarded-Proto, but only from a trusted proxy: from anyone else they
// are spoofable, so trust is off by default and set per environment to a hop count or addresses.
function parseTrustProxy(value: string): TrustProxy {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'true') return true;
  if (trimmed === 'false' || trimmed === '') return false;
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return (_address, hop) => hop < hops;
  }
  return splitList(value);
}

// Q(docker-secrets): How do credentials reach a container without being baked into it?
// As a file mounted at run time (a Compose secret, a Kubernetes Secret volume) named by
// REDIS_PASSWORD_FILE, or as REDIS_PASSWORD from a secret store; never in the image, and
// the file form keeps the value out of `docker inspect` and the process environment.
function resolveRedisUrl(url: string, password: string, passwordFile: string): string {
  let secret = password;
  if (passwordFile) {
    try {
      secret = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new StartupError(
        `REDIS_PASSWORD_FILE "${passwordFile}" cannot be read (${(error as NodeJS.ErrnoException).code}): ` +
          'mount the secret file there or unset the variable',
      );
    }
  }
  if (!secret) return url;
  const withPassword = new URL(url);
  withPassword.password = encodeURIComponent(secret);
  return withPassword.toString();
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Reads and validates the environment once; throws StartupError with every problem found. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnv(env);
  const publicBaseUrl = parsePublicBaseUrl(parsed.PUBLIC_BASE_URL);
  const seconds = (value: number) => value * 1000;
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    redisUrl: resolveRedisUrl(parsed.REDIS_URL, parsed.REDIS_PASSWORD, parsed.REDIS_PASSWORD_FILE),
    publicBaseUrl: publicBaseUrl.origin,
    publicHostname: publicBaseUrl.hostname,
    logLevel: parsed.LOG_LEVEL as LogLevel,
    version: parsed.SHORTLY_VERSION,
    redirectStatus: parsed.REDIRECT_STATUS as RedirectStatus,
    codeLength: parsed.CODE_LENGTH,
    rateLimit: {
      create: { max: parsed.RATE_LIMIT_CREATE_MAX, windowMs: seconds(parsed.RATE_LIMIT_CREATE_WINDOW_SECONDS) },
      redirect: { max: parsed.RATE_LIMIT_REDIRECT_MAX, windowMs: seconds(parsed.RATE_LIMIT_REDIRECT_WINDOW_SECONDS) },
      read: { max: parsed.RATE_LIMIT_READ_MAX, windowMs: seconds(parsed.RATE_LIMIT_READ_WINDOW_SECONDS) },
    },
    apiKeyHashes: parseApiKeyHashes(parsed.API_KEY_HASHES),
    blockedHosts: splitList(parsed.BLOCKED_HOSTS.toLowerCase()),
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    redisCommandTimeoutMs: parsed.REDIS_COMMAND_TIMEOUT_MS,
    visitFlushIntervalMs: parsed.VISIT_FLUSH_INTERVAL_MS,
    featureFlagsRefreshMs: parsed.FEATURE_FLAGS_REFRESH_MS,
    shutdownDelayMs: parsed.SHUTDOWN_DELAY_MS,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: parsed.REQUEST_TIMEOUT_MS,
    tracing: parseTracing(parsed.OTEL_EXPORTER_OTLP_ENDPOINT, parsed.OTEL_SERVICE_NAME, parsed.OTEL_TRACES_SAMPLER_ARG),
  });
}
