import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';

const run = promisify(execFile);

/** The repository root, where compose.yaml is. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const PROJECT = process.env.E2E_PROJECT ?? 'shortly-e2e';
export const WEB_PORT = process.env.E2E_WEB_PORT ?? '8080';
export const WEB_URL = `http://localhost:${WEB_PORT}`;

/**
 * The stack under test is the real compose.yaml, with settings that make the checks
 * deterministic: limits high where the suite creates hundreds of links, a small read
 * limit to observe, and short drain times.
 */
export const STACK_ENV: Record<string, string> = {
  COMPOSE_PROJECT_NAME: PROJECT,
  WEB_PORT,
  PUBLIC_BASE_URL: WEB_URL,
  WEB_CREATE_RATE: '3000r/s',
  RATE_LIMIT_CREATE_MAX: '100000',
  RATE_LIMIT_REDIRECT_MAX: '100000',
  RATE_LIMIT_READ_MAX: '40',
  SHUTDOWN_DELAY_MS: '3000',
  SHUTDOWN_TIMEOUT_MS: '5000',
};

export type Runner = (args: string[], timeoutMs?: number) => Promise<string>;

async function exec(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  inherited: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  try {
    const { stdout } = await run(command, args, {
      cwd: ROOT,
      env: { ...inherited, ...env },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stderr || stdout || (error as Error).message}`);
  }
}

/** `docker compose ...` with these variables on top of the environment. */
export const composeWith =
  (env: Record<string, string>): Runner =>
  (args, timeoutMs = 120_000) =>
    exec('docker', ['compose', ...args], env, timeoutMs);

/** `docker compose ...` on the stack under test. */
export const compose = composeWith(STACK_ENV);

/**
 * Like composeWith, but none of the caller's COMPOSE_* variables get through: a COMPOSE_FILE
 * in a developer's shell would otherwise decide which files a "plain" `docker compose` reads.
 */
export const composeWithoutShellSettings = (env: Record<string, string>): Runner => {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('COMPOSE_')));
  return (args, timeoutMs = 120_000) => exec('docker', ['compose', ...args], env, timeoutMs, inherited);
};

/** redis-cli in the stack's Redis container, authenticated with the mounted password file. */
export const redisCli = (runner: Runner, command: string): Promise<string> =>
  runner([
    'exec',
    '-T',
    'redis',
    'sh',
    '-c',
    `REDISCLI_AUTH="$(cat /run/secrets/redis_password)" redis-cli ${command}`,
  ]);

/** Plain `docker ...`, for single containers. */
export const docker: Runner = (args, timeoutMs = 60_000) => exec('docker', args, {}, timeoutMs);

/** A container's log, stdout and stderr together, as `docker logs` shows it in a terminal. */
export async function containerLogs(id: string, tail = 50): Promise<string> {
  const { stdout, stderr } = await run('docker', ['logs', '--tail', String(tail), id], { maxBuffer: 16 * 1024 * 1024 });
  return `${stdout}${stderr}`;
}

/** Ids of the running containers of a service. */
export async function containerIds(service: string): Promise<string[]> {
  return (await compose(['ps', '-q', service])).split('\n').filter(Boolean);
}

export async function inspect<T>(id: string, format: string): Promise<T> {
  return JSON.parse(await docker(['inspect', '--format', `{{json ${format}}}`, id])) as T;
}

/** Polls until check() is true; returns the milliseconds it took, or throws after timeoutMs. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return Date.now() - started;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

/**
 * Waits until the web service answers /ready with 200 ten times in a row: it alternates over the
 * api replicas, and re-resolves their addresses every 10 s after a container is replaced,
 * so one success does not mean every replica is back.
 */
export async function waitUntilEveryReplicaReady(webUrl: string, timeoutMs: number): Promise<void> {
  let inARow = 0;
  await waitFor(
    'every api replica ready',
    async () => {
      const response = await fetch(`${webUrl}/ready`, { signal: AbortSignal.timeout(5000) });
      inARow = response.status === 200 ? inARow + 1 : 0;
      return inARow >= 10;
    },
    timeoutMs,
  );
}

/**
 * Runs a step; if it fails, its error carries the api replicas' recent log lines other than
 * request lines (Redis connection errors and reconnects among them), to tell why.
 */
export async function explainedByApiLogs<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const logs = await compose(['logs', '--no-color', '--timestamps', '--tail', '300', 'api']).then(
      (text) =>
        stripVTControlCharacters(text)
          .split('\n')
          .filter((line) => line.trim() && !line.includes('"msg":"request completed"')),
      (failure: Error) => [`(no logs: ${failure.message})`],
    );
    throw new Error(
      `${(error as Error).message}\nThe api's latest log lines (request lines left out):\n${logs.slice(-60).join('\n')}`,
      {
        cause: error,
      },
    );
  }
}

/** A request to the web service, as a browser or curl would send it; redirects are not followed. */
export function web(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${WEB_URL}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
}

export function createLink(body: Record<string, unknown>): Promise<Response> {
  return web('/api/links', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function buildAndStart(): Promise<void> {
  await compose(['down', '--volumes', '--remove-orphans'], 120_000);
  await compose(['build'], 900_000);
  await compose(['up', '--detach', '--wait', '--wait-timeout', '180'], 300_000);
}

export async function tearDown(): Promise<void> {
  await compose(['down', '--volumes', '--remove-orphans', '--timeout', '20'], 180_000);
}
