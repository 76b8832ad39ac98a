// compose.dev.yaml, the development override of compose.yaml: what the merge gives, that
// none of it reaches the production configuration, and that the api in it really reloads.
import { randomUUID } from 'node:crypto';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@shortly/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeWithoutShellSettings, inspect, ROOT, waitFor } from '../src/compose.ts';

const DEV_FILES = ['-f', 'compose.yaml', '-f', 'compose.dev.yaml'];
const DEV_COMMAND = ['node', '--conditions=@shortly/source', '--watch', '--inspect=0.0.0.0:9229', 'src/server.ts'];

interface Port {
  target: number;
  published?: string;
  host_ip?: string;
}
interface Volume {
  type: string;
  source?: string;
  target: string;
  read_only?: boolean;
}
interface Service {
  image?: string;
  build?: { target?: string };
  command?: string[] | null;
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  ports?: Port[];
  volumes?: Volume[];
}

/** The merged configuration, as `docker compose config` resolves it, every profile included. */
async function resolvedConfig(files: string[], env: Record<string, string> = {}): Promise<Record<string, Service>> {
  const json = await composeWithoutShellSettings(env)([...files, '--profile', '*', 'config', '--format', 'json']);
  return (JSON.parse(json) as { services: Record<string, Service> }).services;
}

/** The variables compose.dev.yaml reads, at their defaults, whatever a .env file says. */
const DEV_DEFAULTS = { API_DEBUG_PORT: '9229', API_DEV_PORT: '3000', SHORTLY_DEV_API_SRC: './apps/api/src' };

const sourceDirs = [join(ROOT, 'apps'), join(ROOT, 'packages')];
const isSourceMount = (volume: Volume) =>
  volume.type === 'bind' && sourceDirs.some((dir) => volume.source?.startsWith(`${dir}/`));

describe('compose.dev.yaml: the override merged onto compose.yaml', () => {
  it('turns the api into a live-reload container with its debugger on loopback', async () => {
    const services = await resolvedConfig(DEV_FILES, DEV_DEFAULTS);
    const api = services.api;
    expect(api).toBeDefined();

    expect(api?.build?.target).toBe('build');
    // A tag of its own: building the dev image must not replace the production one.
    expect(api?.image).toMatch(/^shortly-api-dev:/);
    expect(api?.command).toEqual(DEV_COMMAND);
    expect(api?.healthcheck?.test).toEqual(['CMD', 'node', 'src/container-healthcheck.ts']);

    // Bind mounts added, read-only; the secret volume of compose.yaml is still there (merged by target).
    const volumes = api?.volumes ?? [];
    expect(volumes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'bind',
          source: join(ROOT, 'apps/api/src'),
          target: '/repo/apps/api/src',
          read_only: true,
        }),
        expect.objectContaining({
          type: 'bind',
          source: join(ROOT, 'packages/contracts/src'),
          target: '/repo/packages/contracts/src',
          read_only: true,
        }),
        expect.objectContaining({ type: 'volume', source: 'secrets', target: '/run/secrets', read_only: true }),
      ]),
    );

    // The debugger (and the api itself) published on the host's loopback, nowhere else.
    const ports = api?.ports ?? [];
    expect(ports).toEqual(
      expect.arrayContaining([expect.objectContaining({ host_ip: '127.0.0.1', target: 9229, published: '9229' })]),
    );
    for (const port of ports) expect(port.host_ip, JSON.stringify(port)).toBe('127.0.0.1');

    // Environment merged by key: dev values on top, the rest of compose.yaml's kept.
    expect(api?.environment).toMatchObject({
      LOG_LEVEL: 'debug',
      SHUTDOWN_DELAY_MS: '0',
      REDIS_URL: 'redis://redis:6379',
      REDIS_PASSWORD_FILE: '/run/secrets/redis_password',
    });

    // The hardening of compose.yaml survives the override.
    expect(api?.user).toBe('1000:1000');
    expect(api?.read_only).toBe(true);
    expect(api?.cap_drop).toEqual(['ALL']);

    // Only the api changes: every other service is exactly the production one.
    const production = await resolvedConfig(['-f', 'compose.yaml'], DEV_DEFAULTS);
    for (const name of Object.keys(production).filter((service) => service !== 'api')) {
      expect(services[name], name).toEqual(production[name]);
    }
  });

  it.each([
    ['a plain `docker compose`', []],
    ['`docker compose -f compose.yaml`', ['-f', 'compose.yaml']],
  ])('leaves %s without source mounts, debug port or watch mode', async (_, files) => {
    const services = await resolvedConfig(files, DEV_DEFAULTS);
    expect(Object.keys(services)).toContain('api');
    for (const [name, service] of Object.entries(services)) {
      expect((service.volumes ?? []).filter(isSourceMount), name).toEqual([]);
      for (const port of service.ports ?? []) {
        expect(port.target, name).not.toBe(9229);
        expect(port.published, name).not.toBe('9229');
      }
      expect((service.command ?? []).join(' '), name).not.toMatch(/--watch|--inspect/);
    }
    const api = services.api;
    expect(api?.image).toMatch(/^shortly-api:/);
    expect(api?.build?.target).toBeUndefined();
    expect(api?.ports ?? []).toEqual([]);
    expect(api?.environment?.NODE_ENV).toBeUndefined();
  });
});

describe('compose.dev.yaml: live reload', () => {
  // Its own project and ports, next to the e2e stack on 8080; only secret-init, Redis and the api.
  const project = ['-p', 'shortly-dev-test', ...DEV_FILES];
  // The api's sources are mounted from a scratch copy, so the test can edit them.
  let scratch = '';
  let env: Record<string, string> = {};
  const dev = (args: string[], timeoutMs?: number) =>
    composeWithoutShellSettings(env)([...project, ...args], timeoutMs);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'shortly-dev-src-'));
    await cp(join(ROOT, 'apps/api/src'), join(scratch, 'src'), { recursive: true });
    const debugPort = await freePort();
    let apiPort = await freePort();
    while (apiPort === debugPort) apiPort = await freePort();
    env = {
      SHORTLY_DEV_API_SRC: join(scratch, 'src'),
      API_DEBUG_PORT: String(debugPort),
      API_DEV_PORT: String(apiPort),
    };
    await dev(['down', '--volumes', '--remove-orphans'], 120_000);
    await dev(['build', 'api'], 900_000);
    await dev(['up', '--detach', '--wait', '--wait-timeout', '120', 'api'], 180_000);
  });

  afterAll(async () => {
    if (Object.keys(env).length > 0) await dev(['down', '--volumes', '--remove-orphans', '--timeout', '10'], 120_000);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const apiUrl = (path: string) => `http://127.0.0.1:${env.API_DEV_PORT}${path}`;
  const get = (url: string) => fetch(url, { signal: AbortSignal.timeout(5000) });
  const logs = () => dev(['logs', '--no-color', '--no-log-prefix', 'api']);

  it('publishes the api and its debugger on 127.0.0.1 only, sources mounted read-only', async () => {
    expect((await dev(['port', 'api', '9229'])).trim()).toBe(`127.0.0.1:${env.API_DEBUG_PORT}`);
    expect((await get(apiUrl('/health'))).status).toBe(200);

    // The inspector's HTTP endpoint: the process being debugged runs the TypeScript source.
    const targets = (await (await get(`http://127.0.0.1:${env.API_DEBUG_PORT}/json/list`)).json()) as Array<{
      url: string;
    }>;
    expect(targets.map((target) => target.url)).toContain('file:///repo/apps/api/src/server.ts');

    await expect(dev(['exec', '-T', 'api', 'sh', '-c', 'touch src/probe'])).rejects.toThrow(/Read-only file system/);
  });

  it('restarts the node process, not the container, when a mounted source file changes', async () => {
    const [id] = (await dev(['ps', '-q', 'api'])).split('\n').filter(Boolean);
    expect(id).toBeDefined();
    const startedAt = await inspect<string>(id ?? '', '.State.StartedAt');

    // A line that logs a marker when server.ts runs: it can only appear if the edit was reloaded.
    const marker = `live-reload-${randomUUID()}`;
    expect(await logs()).not.toContain(marker);
    await appendFile(join(scratch, 'src/server.ts'), `\nconsole.log('${marker}');\n`);

    let output = '';
    const reloadMs = await waitFor(
      'the edited server.ts running',
      async () => {
        output = await logs();
        return output.includes(marker);
      },
      60_000,
    );
    expect(output).toContain("Restarting 'src/server.ts'");
    expect(output.lastIndexOf("Restarting 'src/server.ts'")).toBeLessThan(output.indexOf(marker));
    expect(reloadMs).toBeLessThan(30_000);

    await waitFor(
      'the reloaded api answering /health',
      async () => (await get(apiUrl('/health'))).status === 200,
      30_000,
    );
    expect(await inspect<string>(id ?? '', '.State.StartedAt')).toBe(startedAt);
    expect(await inspect<number>(id ?? '', '.RestartCount')).toBe(0);
  });
});
