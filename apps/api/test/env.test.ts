import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvSchema, hashApiKey, loadConfig } from '../src/env.ts';
import { StartupError } from '../src/errors.ts';

describe('loadConfig', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      redisUrl: 'redis://localhost:6379',
      publicBaseUrl: 'http://localhost:3000',
      redirectStatus: 302,
      codeLength: 7,
      trustProxy: false,
      rateLimit: {
        create: { max: 20, windowMs: 60_000 },
        redirect: { max: 600, windowMs: 60_000 },
        read: { max: 120, windowMs: 60_000 },
      },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads only the variables it is given, not the process environment', () => {
    process.env.CODE_LENGTH = '9';
    try {
      expect(loadConfig({}).codeLength).toBe(7);
      expect(loadConfig({ CODE_LENGTH: '8' }).codeLength).toBe(8);
    } finally {
      delete process.env.CODE_LENGTH;
    }
  });

  it('parses lists, TLS Redis URLs with passwords, and numbers', () => {
    const digest = hashApiKey('s3cret').toString('hex');
    const config = loadConfig({
      PORT: '8080',
      REDIS_URL: 'rediss://:p%40ss@cache.internal:6380/2',
      PUBLIC_BASE_URL: 'https://sho.rt/',
      REDIRECT_STATUS: '308',
      API_KEY_HASHES: ` ${digest} ,${'a'.repeat(64)}`,
      BLOCKED_HOSTS: 'Evil.example, phish.test',
      TRUST_PROXY: '10.0.0.0/8,192.168.0.1',
    });
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('rediss://:p%40ss@cache.internal:6380/2');
    expect(config.publicBaseUrl).toBe('https://sho.rt');
    expect(config.publicHostname).toBe('sho.rt');
    expect(config.redirectStatus).toBe(308);
    expect(config.apiKeyHashes.map((hash) => hash.toString('hex'))).toEqual([digest, 'a'.repeat(64)]);
    expect(config.blockedHosts).toEqual(['evil.example', 'phish.test']);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', '192.168.0.1']);
  });

  it('takes the Redis password from REDIS_PASSWORD or a secret file, over the URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shortly-config-'));
    const file = join(dir, 'redis_password');
    writeFileSync(file, 'fr0m/file@secret\n');
    expect(loadConfig({ REDIS_URL: 'redis://redis:6379', REDIS_PASSWORD: 'pw' }).redisUrl).toBe(
      'redis://:pw@redis:6379',
    );
    expect(loadConfig({ REDIS_URL: 'rediss://:old@redis:6379', REDIS_PASSWORD_FILE: file }).redisUrl).toBe(
      'rediss://:fr0m%2Ffile%40secret@redis:6379',
    );
    expect(() => loadConfig({ REDIS_PASSWORD_FILE: join(dir, 'missing') })).toThrow(
      /REDIS_PASSWORD_FILE ".*missing" cannot be read \(ENOENT\)/,
    );
  });

  it('turns a hop count into a trust function for the nearest proxies only', () => {
    const trust = loadConfig({ TRUST_PROXY: '1' }).trustProxy;
    expect(typeof trust).toBe('function');
    if (typeof trust !== 'function') return;
    expect(trust('10.0.0.1', 0)).toBe(true);
    expect(trust('10.0.0.2', 1)).toBe(false);
  });

  it.each([
    [{ PORT: '70000' }, /PORT must be <= 65535/],
    [{ PORT: 'eighty' }, /PORT must be integer/],
    [{ REDIS_URL: 'http://localhost:6379' }, /REDIS_URL must match pattern/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent/],
    [{ REDIRECT_STATUS: '303' }, /REDIRECT_STATUS must be one of: 301, 302, 307, 308/],
    [{ PUBLIC_BASE_URL: 'https://sho.rt/app' }, /PUBLIC_BASE_URL must be an origin only/],
    [{ API_KEY_HASHES: 'plain-text-key' }, /API_KEY_HASHES entry 1 is not a SHA-256 hex digest/],
    [{ RATE_LIMIT_CREATE_MAX: '0' }, /RATE_LIMIT_CREATE_MAX must be >= 1/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(StartupError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reports every invalid variable at once and points to .env.example', () => {
    expect(() => loadConfig({ PORT: '0', CODE_LENGTH: '2' })).toThrow(
      /PORT must be >= 1[\s\S]*CODE_LENGTH must be >= 5[\s\S]*\.env\.example/,
    );
  });
});

describe('loadConfig: tracing', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ', OTEL_TRACES_SAMPLER_ARG: '0.5' }).tracing).toBeNull();
  });

  it('posts to <endpoint>/v1/traces, with the service name and sampling ratio', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }).tracing).toEqual({
      tracesUrl: 'http://otel-collector:4318/v1/traces',
      serviceName: 'shortly-api',
      sampleRatio: 1,
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example/otlp/',
        OTEL_SERVICE_NAME: 'shortly-api-eu',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      }).tracing,
    ).toEqual({
      tracesUrl: 'https://collector.example/otlp/v1/traces',
      serviceName: 'shortly-api-eu',
      sampleRatio: 0.1,
    });
  });

  it.each(['otel-collector:4318', 'grpc://otel-collector:4317', 'http://', 'not a url'])(
    'refuses OTEL_EXPORTER_OTLP_ENDPOINT=%j at startup, saying what to give',
    (endpoint) => {
      expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toThrow(StartupError);
      expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toThrow(
        `OTEL_EXPORTER_OTLP_ENDPOINT "${endpoint}" is not an http(s) URL; give the OTLP/HTTP collector's base URL, ` +
          'e.g. http://otel-collector:4318, or leave it empty to turn tracing off',
      );
    },
  );

  it.each([
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, /OTEL_TRACES_SAMPLER_ARG must be <= 1/],
    [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, /OTEL_TRACES_SAMPLER_ARG must be number/],
    [{ OTEL_SERVICE_NAME: '' }, /OTEL_SERVICE_NAME must NOT have fewer than 1 characters/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

// Configuration is documented once, in docs/configuration.md; the table must name exactly
// the variables the schema reads.
describe('docs/configuration.md', () => {
  it('documents every variable the api reads, and no other', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
    const documented = new Set(
      rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])),
    );
    expect([...documented].sort()).toEqual(Object.keys(EnvSchema.properties).sort());
  });
});
