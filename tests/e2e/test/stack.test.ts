import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  compose,
  composeWith,
  containerIds,
  createLink,
  docker,
  explainedByApiLogs,
  inspect,
  PROJECT,
  redisCli,
  STACK_ENV,
  tearDown,
  WEB_PORT,
  WEB_URL,
  waitFor,
  waitUntilEveryReplicaReady,
  web,
} from '../src/compose.ts';
import { LABS } from '../src/labs.ts';

const runId = randomUUID().slice(0, 8);

/** Request ids that reached each api container, read from its JSON logs. */
async function requestIdsServedBy(containerId: string, prefix: string): Promise<Set<string>> {
  const logs = await docker(['logs', containerId]);
  const ids = new Set<string>();
  for (const line of logs.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { requestId?: string; msg?: string };
    if (entry.msg === 'request completed' && entry.requestId?.startsWith(prefix)) ids.add(entry.requestId);
  }
  return ids;
}

describe('the stack through the web service', () => {
  it('creates a link, follows it and counts the visit', async () => {
    const alias = `e2e-${runId}`;
    const created = await createLink({ url: 'https://example.com/from/e2e', alias });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: alias, shortUrl: `${WEB_URL}/${alias}` });

    const redirect = await web(`/${alias}`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.com/from/e2e');

    const stats = await web(`/api/links/${alias}`);
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ code: alias, visits: 1 });
  });

  it('serves the web page and its assets with security headers', async () => {
    const page = await web('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Shortly</title>');
    for (const header of ['content-security-policy', 'x-frame-options']) {
      expect(page.headers.get(header), header).toBeTruthy();
    }
    // Plain HTTP here: no HSTS, which browsers would ignore anyway.
    expect(page.headers.get('strict-transport-security')).toBeNull();
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await web(script ?? '', { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('passes the api security headers and the request id through', async () => {
    const response = await web('/api/links/none-such', { headers: { 'x-request-id': `e2e-id-${runId}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe(`e2e-id-${runId}`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses /metrics and /docs at the web service', async () => {
    for (const path of ['/metrics', '/docs', '/docs/json', '/docs/static/index.html']) {
      const response = await web(path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ statusCode: 404 });
    }
  });

  it('runs every image as non-root on a read-only filesystem with no capabilities', async () => {
    for (const [service, user] of [
      ['web', '101:101'],
      ['api', '1000:1000'],
    ] as const) {
      const [id] = await containerIds(service);
      expect(id, service).toBeDefined();
      expect(await inspect<string>(id ?? '', '.Config.User'), service).toBe(user);
      expect(await inspect<boolean>(id ?? '', '.HostConfig.ReadonlyRootfs'), service).toBe(true);
      // No effective capability at all in the container's main process.
      const status = await compose(['exec', '-T', service, 'cat', '/proc/1/status']);
      expect(/^CapEff:\s*(\w+)$/m.exec(status)?.[1], service).toBe('0000000000000000');
      await expect(compose(['exec', '-T', service, 'sh', '-c', 'touch /usr/local/probe']), service).rejects.toThrow(
        /Read-only file system/,
      );
    }
    expect((await compose(['exec', '-T', 'redis', 'id', '-u'])).trim()).not.toBe('0');
  });

  it('keeps the Redis password out of the configuration of every container', async () => {
    const password = (await compose(['exec', '-T', 'redis', 'cat', '/run/secrets/redis_password'])).trim();
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    // Every container of the stack, the exited secret-init included: only a file holds it.
    const ids = (await compose(['ps', '--all', '-q'])).split('\n').filter(Boolean);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    for (const id of ids) {
      expect(await docker(['inspect', id]), id).not.toContain(password);
    }
  });

  it('takes a password given as a file through the Compose secret', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'shortly-secret-'));
    const given = join(folder, 'redis_password');
    const password = `given-${randomUUID()}`;
    await writeFile(given, password);
    // The one-shot service reads it as root without capabilities: another user's private
    // file would be closed to it, so the scratch file is readable by all.
    await chmod(folder, 0o755);
    await chmod(given, 0o644);
    const project = composeWith({ COMPOSE_PROJECT_NAME: `${PROJECT}-secret`, REDIS_PASSWORD_FILE: given });
    try {
      await project(['up', '--detach', '--wait', '--wait-timeout', '60', 'redis'], 180_000);
      expect((await redisCli(project, 'ping')).trim()).toBe('PONG');
      const auth = await project(['exec', '-T', 'redis', 'redis-cli', '--no-auth-warning', '-a', password, 'ping']);
      expect(auth.trim()).toBe('PONG');
      for (const id of (await project(['ps', '--all', '-q'])).split('\n').filter(Boolean)) {
        expect(await docker(['inspect', id]), id).not.toContain(password);
      }
    } finally {
      await project(['down', '--volumes', '--timeout', '5'], 120_000);
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('drops a client whose body never arrives, within its 10 s', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      let received = '';
      const socket = connect(Number(WEB_PORT), '127.0.0.1', () =>
        socket.write(
          'POST /api/links HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{',
        ),
      );
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        received += chunk;
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.setTimeout(30_000, () => socket.destroy(new Error('the web service kept the stalled request open')));
    });
    // nginx answers a timed-out request with a 408, or just closes the connection.
    expect(answer === '' || /^HTTP\/1\.1 408 /.test(answer), answer).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 40_000);

  it('renders the site from its template at start, and the config passes nginx -t', async () => {
    // The official entrypoint logs an ERROR and carries on when it cannot render a template.
    const startup = await compose(['logs', '--no-log-prefix', 'web']);
    expect(startup).toContain('Running envsubst on /etc/nginx/templates/shortly.conf.template');
    expect(startup).not.toMatch(/ERROR/);
    const site = await compose(['exec', '-T', 'web', 'cat', '/tmp/nginx/conf.d/shortly.conf']);
    expect(site).toMatch(/^resolver \S+ valid=10s/m);
    expect(site).not.toContain('${');
    const output = await compose(['exec', '-T', 'web', 'sh', '-c', 'nginx -t 2>&1']);
    expect(output).toContain('syntax is ok');
    expect(output).toContain('test is successful');
  });
});

describe('scaling the api', () => {
  it('spreads requests over two replicas, which share one rate limit through Redis', async () => {
    await compose(['up', '--detach', '--wait', '--scale', 'api=2', '--no-recreate'], 180_000);
    const replicas = await containerIds('api');
    expect(replicas).toHaveLength(2);

    // nginx re-resolves the service name every 10 s: wait until both replicas get traffic.
    const warmup = `e2e-spread-${runId}-`;
    let sent = 0;
    await waitFor(
      'both replicas serving',
      async () => {
        // Lookups of an unknown code: logged at info level, unlike the probe endpoints.
        for (let i = 0; i < 10; i++) await web('/no-such-code', { headers: { 'x-request-id': `${warmup}${sent++}` } });
        const served = await Promise.all(replicas.map((id) => requestIdsServedBy(id, warmup)));
        return served.every((ids) => ids.size > 0);
      },
      30_000,
    );

    // Stats reads are limited to 40 per minute per client in this stack. Shared counters
    // count down by one per request whichever replica answers; per-replica counters would
    // give two interleaved countdowns and twice the budget. A client's window starts at its
    // first request: when this one ends before sixty requests could, wait for the next.
    const windowLeft = Number((await web('/api/links/no-such-link')).headers.get('x-ratelimit-reset'));
    if (windowLeft < 20) await sleep((windowLeft + 1) * 1000);
    const prefix = `e2e-limit-${runId}-`;
    const remaining: number[] = [];
    let limited = 0;
    for (let i = 0; i < 60; i++) {
      const response = await web('/api/links/no-such-link', { headers: { 'x-request-id': `${prefix}${i}` } });
      if (response.status === 429) {
        limited++;
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await response.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      } else {
        expect(response.status).toBe(404);
        remaining.push(Number(response.headers.get('x-ratelimit-remaining')));
      }
    }
    expect(remaining.length).toBeLessThanOrEqual(40);
    expect(limited).toBeGreaterThanOrEqual(20);
    remaining.forEach((value, index) => {
      if (index > 0) expect(value).toBe((remaining[index - 1] ?? 0) - 1);
    });
    const servedBy = await Promise.all(replicas.map((id) => requestIdsServedBy(id, prefix)));
    for (const ids of servedBy) expect(ids.size).toBeGreaterThan(0);
  });
});

describe('Redis persistence', () => {
  it('loses no link when the Redis container restarts', async () => {
    const links = Array.from({ length: 500 }, (_, i) => ({
      alias: `keep-${runId}-${i}`,
      url: `https://example.com/keep/${i}`,
    }));
    // Ten at a time: the web service's burst allowance for link creation is twenty.
    for (let i = 0; i < links.length; i += 10) {
      const batch = links.slice(i, i + 10);
      const statuses = await Promise.all(batch.map(async (link) => (await createLink(link)).status));
      expect(statuses).toEqual(batch.map(() => 201));
    }

    await compose(['restart', 'redis'], 120_000);
    // As long as the labs allow after touching Redis: on Podman a restarted container once
    // took more than 30 s to answer. What this test asserts is that no link is lost.
    await waitUntilEveryReplicaReady(WEB_URL, 90_000);

    const missing: string[] = [];
    for (let i = 0; i < links.length; i += 50) {
      const batch = links.slice(i, i + 50);
      const answers = await Promise.all(batch.map((link) => web(`/${link.alias}`)));
      answers.forEach((answer, j) => {
        const link = batch[j];
        if (link && (answer.status !== 302 || answer.headers.get('location') !== link.url)) missing.push(link.alias);
      });
    }
    expect(missing).toEqual([]);
  }, 180_000);
});

describe('Redis outage', () => {
  it('answers 503 fast while Redis is down and recovers without restarting the api', async () => {
    const alias = `outage-${runId}`;
    expect((await createLink({ url: 'https://example.com/outage', alias })).status).toBe(201);
    const apis = await containerIds('api');
    const startedBefore = await Promise.all(apis.map((id) => inspect<string>(id, '.State.StartedAt')));

    await compose(['stop', 'redis'], 60_000);

    for (const [name, request] of [
      ['readiness', () => web('/ready')],
      ['create', () => createLink({ url: 'https://example.com/while-down' })],
      ['redirect', () => web(`/${alias}`)],
    ] as const) {
      const started = performance.now();
      const response = await request();
      const elapsed = performance.now() - started;
      expect(response.status, name).toBe(503);
      expect(elapsed, name).toBeLessThan(2000);
    }
    expect((await web('/health')).status).toBe(200);
    for (const id of apis) expect(await inspect<string>(id, '.State.Status')).toBe('running');

    await compose(['start', 'redis'], 60_000);
    const recoveredMs = await explainedByApiLogs(() =>
      waitFor(
        'service back after Redis returns',
        async () => {
          const answer = await web(`/${alias}`);
          return answer.status === 302;
        },
        10_000,
      ),
    );
    expect(recoveredMs).toBeLessThan(10_000);
    await explainedByApiLogs(() => waitUntilEveryReplicaReady(WEB_URL, 30_000));
    expect((await createLink({ url: 'https://example.com/after-outage' })).status).toBe(201);

    const startedAfter = await Promise.all(apis.map((id) => inspect<string>(id, '.State.StartedAt')));
    expect(startedAfter).toEqual(startedBefore);
  });
});

// A Redis that stalls (a failover, a fork, a partition) instead of dying: commands wait
// in its socket past the api's deadline, and it runs them when it resumes.
describe('a Redis stall under load', () => {
  it('loses no link, stores no link answered 503, and counts every redirect served once', async () => {
    const links = await Promise.all(
      Array.from({ length: 5 }, async (_, index) => {
        const alias = `stall-${runId}-${index}`;
        expect((await createLink({ url: `https://example.com/stall/${index}`, alias })).status).toBe(201);
        return alias;
      }),
    );
    const served = new Map(links.map((alias) => [alias, 0]));
    const creates: Array<{ key: string; alias: string; status: number }> = [];
    const createWithKey = (key: string, alias: string) =>
      web('/api/links', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ url: `https://example.com/made/${alias}`, alias }),
      });

    let stop = false;
    let unavailable = 0;
    const load = (async () => {
      for (let round = 0; !stop; round++) {
        const alias = `made-${runId}-${round}`;
        const key = `key-${alias}`;
        const [created, ...redirects] = await Promise.all([
          createWithKey(key, alias),
          ...links.map((code) => web(`/${code}`)),
        ]);
        creates.push({ key, alias, status: created?.status ?? 0 });
        redirects.forEach((response, index) => {
          const code = links[index] ?? '';
          if (response.status === 302) served.set(code, (served.get(code) ?? 0) + 1);
          else {
            expect(response.status, code).toBe(503);
            unavailable += 1;
          }
        });
        await sleep(50);
      }
    })();
    try {
      await sleep(2000);
      // Redis holds every client's commands for 5 s, then runs them: a stall, not an outage.
      await redisCli(compose, 'CLIENT PAUSE 5000 ALL');
      await sleep(7000);
    } finally {
      stop = true;
      await load;
    }

    const statuses = new Set(creates.map((create) => create.status));
    expect(
      [...statuses].every((status) => status === 201 || status === 503),
      [...statuses].join(),
    ).toBe(true);
    expect(creates.some((create) => create.status === 503)).toBe(true);
    // A 503 retried with its key gets its link, whether the first attempt ran or not; then
    // every create exists (read in Redis: the stack's read limit is small).
    for (const { key, alias, status } of creates) {
      if (status === 503) expect((await createWithKey(key, alias)).status, alias).toBe(201);
    }
    const keys = creates.map(({ alias }) => `shortly:link:${alias}`).join(' ');
    expect((await redisCli(compose, `EXISTS ${keys}`)).trim()).toBe(String(creates.length));
    // Visits counted in memory reach Redis with the next flush, each batch once.
    await sleep(3000);
    for (const code of links) {
      expect(Number(await redisCli(compose, `HGET shortly:link:${code} visits`)), code).toBe(served.get(code));
    }
    // The figures docs/operations.md quotes.
    const redirectsServed = [...served.values()].reduce((sum, count) => sum + count, 0);
    const createsUnavailable = creates.filter((create) => create.status === 503).length;
    process.stdout.write(
      `stall of 5 s: ${creates.length} creates (${createsUnavailable} answered 503, each retried to its link), ` +
        `${redirectsServed} redirects served and ${unavailable} answered 503, every visit counted once\n`,
    );
  }, 120_000);
});

describe('zero-downtime shutdown of a replica', () => {
  it('drops no request at the web service when an api replica gets SIGTERM under load', async () => {
    await waitFor('two ready replicas', async () => (await containerIds('api')).length === 2, 30_000);
    const alias = `load-${runId}`;
    expect((await createLink({ url: 'https://example.com/load', alias })).status).toBe(201);
    const [victim] = await containerIds('api');

    let running = true;
    let sent = 0;
    const failures: string[] = [];
    async function worker(index: number) {
      while (running) {
        sent++;
        try {
          const response =
            sent % 5 === 0
              ? await createLink({ url: `https://example.com/load/${index}/${sent}` })
              : await web(`/${alias}`);
          if (response.status >= 400) failures.push(`${response.status} ${await response.text()}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    }
    const workers = Array.from({ length: 8 }, (_, i) => worker(i));
    await sleep(2000);
    const closesLogged = async () => (await docker(['logs', victim ?? ''])).split('"msg":"server closed"').length - 1;
    const closesBefore = await closesLogged();
    // `docker wait` returns the exit code once the drained replica stops (before any restart).
    // Podman's wait polls the container's state and can miss an exit that the restart policy
    // follows at once; the evidence of a graceful exit is then the shutdown's last log line.
    const exited = docker(['wait', victim ?? ''], 30_000).then(
      (code) => Number(code.trim()),
      async () => ((await closesLogged()) === closesBefore + 1 ? 0 : Number.NaN),
    );
    await docker(['kill', '--signal', 'SIGTERM', victim ?? '']);
    const exitCode = await exited;
    await sleep(3000);
    running = false;
    await Promise.all(workers);

    expect(exitCode).toBe(0);
    expect(sent).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });
});

describe('upgrading: the migrate one-off', () => {
  it('applies the pending migrations with `compose run --rm migrate`, once', async () => {
    // A link as the release before the index stored it: no entry in shortly:links:by-created.
    await redisCli(compose, `HSET shortly:link:legacy-${runId} url https://example.com createdAt 1700000000000`);
    await redisCli(compose, 'DEL shortly:schema:migrations');

    const first = await compose(['run', '--rm', '-T', 'migrate'], 120_000);
    expect(first).toContain('applied 001-index-links-by-created');
    expect((await redisCli(compose, `ZSCORE shortly:links:by-created legacy-${runId}`)).trim()).toBe('1700000000000');

    const second = await compose(['run', '--rm', '-T', 'migrate'], 120_000);
    expect(second).toContain('"applied":0');
    // The one-off left no container behind, and `up` never started it.
    expect(await compose(['ps', '--all', '-q', 'migrate'])).toBe('');
  });
});

describe('troubleshooting labs (docs/labs)', () => {
  const context = { env: STACK_ENV, webUrl: WEB_URL };

  it.each(LABS.map((lab) => [lab.name, lab] as const))(
    '%s: break shows the symptom, fix repairs it',
    async (_, lab) => {
      expect((await lab.check(context)).broken).toBe(false);
      await lab.break(context);
      let evidence = '';
      await waitFor(
        `${lab.name} symptom`,
        async () => {
          const observation = await lab.check(context);
          evidence = observation.evidence;
          return observation.broken;
        },
        90_000,
      );
      expect(evidence).not.toBe('');
      await lab.fix(context);
      const after = await lab.check(context);
      expect(after.broken, after.evidence).toBe(false);
      expect((await web('/ready')).status).toBe(200);
    },
    240_000,
  );
});

describe('teardown', () => {
  it('removes every container, network and volume of the stack', async () => {
    await tearDown();
    const filter = `label=com.docker.compose.project=${PROJECT}`;
    expect((await docker(['ps', '-a', '-q', '--filter', filter])).trim()).toBe('');
    expect((await docker(['volume', 'ls', '-q', '--filter', filter])).trim()).toBe('');
    expect((await docker(['network', 'ls', '-q', '--filter', filter])).trim()).toBe('');
  });
});
