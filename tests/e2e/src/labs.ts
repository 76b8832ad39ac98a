// Troubleshooting labs on the running Compose stack: each breaks it the way an interview
// scenario describes, shows the symptom, and repairs it. docs/labs/ walks through each.
import { setTimeout as sleep } from 'node:timers/promises';
import { composeWith, containerLogs, docker, type Runner, redisCli, waitUntilEveryReplicaReady } from './compose.ts';

export interface LabContext {
  /** Variables `docker compose` needs for the stack the lab works on (besides .env). */
  env: Record<string, string>;
  /** Where the stack's web service answers, e.g. http://localhost:8080. */
  webUrl: string;
}

const composeFor = (context: LabContext, settings: Record<string, string> = {}): Runner =>
  composeWith({ ...context.env, ...settings });

export interface Observation {
  /** True while the symptom the lab is about can be seen. */
  broken: boolean;
  /** What the commands of the lab's page show, in a line or two. */
  evidence: string;
}

export interface Lab {
  readonly name: string;
  /** The catalog id of the question the lab practises. */
  readonly question: string;
  readonly title: string;
  break(context: LabContext): Promise<void>;
  check(context: LabContext): Promise<Observation>;
  fix(context: LabContext): Promise<void>;
}

async function firstContainer(context: LabContext, service: string, all = false): Promise<string> {
  const ids = (await composeFor(context)(['ps', ...(all ? ['--all'] : []), '-q', service])).split('\n').filter(Boolean);
  if (!ids[0]) throw new Error(`no ${service} container: is the stack up (docker compose up -d)?`);
  return ids[0];
}

async function state(id: string): Promise<{ status: string; exitCode: number; restarts: number; health: string }> {
  const fields = await docker([
    'inspect',
    '--format',
    '{{.State.Status}}|{{.State.ExitCode}}|{{.RestartCount}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}',
    id,
  ]);
  const [status = '', exitCode = '0', restarts = '0', health = ''] = fields.trim().split('|');
  return { status, exitCode: Number(exitCode), restarts: Number(restarts), health };
}

async function timedGet(context: LabContext, path: string): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  try {
    const response = await fetch(`${context.webUrl}${path}`, { signal: AbortSignal.timeout(15_000) });
    return { status: response.status, ms: Math.round(performance.now() - started), body: await response.text() };
  } catch (error) {
    return { status: 0, ms: Math.round(performance.now() - started), body: String(error) };
  }
}

/**
 * Recreates the api: with settings overridden to break it (not waiting, it will not get
 * healthy), or with the stack's own settings to repair it (waiting until it is healthy).
 */
async function recreateApi(context: LabContext, settings?: Record<string, string>): Promise<void> {
  const repair = settings === undefined;
  const up = () =>
    composeFor(context, settings)(
      ['up', '--detach', '--no-deps', '--force-recreate', ...(repair ? ['--wait'] : []), 'api'],
      180_000,
    );
  try {
    await up();
  } catch (error) {
    // Podman's Docker API can refuse to remove a container its restart policy is bringing
    // back up at that instant (a crash-looping api); Docker stops it first. Once more then.
    if (!String(error).includes('container state improper')) throw error;
    await up();
  }
  if (repair) await waitUntilEveryReplicaReady(context.webUrl, 90_000);
}

const restartLoop: Lab = {
  name: 'restart-loop',
  question: 'troubleshoot-container-restarts',
  title: 'The api keeps restarting after a Redis password change',
  async break(context) {
    // The password is changed in Redis only, as a half-done rotation would.
    await redisCli(composeFor(context), 'CONFIG SET requirepass rotated-in-one-place-only');
    await composeFor(context)(['restart', 'api'], 120_000);
  },
  async check(context) {
    const id = await firstContainer(context, 'api', true);
    const { status, restarts } = await state(id);
    const logs = await containerLogs(id, 20);
    const refused = logs.includes('Redis refused the credentials');
    return {
      broken: refused && (status === 'restarting' || restarts > 0 || status === 'exited'),
      evidence: `api ${status}, ${restarts} restarts; log: ${refused ? 'Cannot connect to Redis ... Redis refused the credentials' : 'no credential error'}`,
    };
  },
  async fix(context) {
    await composeFor(context)([
      'exec',
      '-T',
      'redis',
      'sh',
      '-c',
      `REDISCLI_AUTH=rotated-in-one-place-only redis-cli CONFIG SET requirepass "$(cat /run/secrets/redis_password)"`,
    ]);
    await recreateApi(context);
  },
};

const badConfig: Lab = {
  name: 'bad-config',
  question: 'config-typed-validation',
  title: 'A bad setting stops the api at startup',
  async break(context) {
    await recreateApi(context, { REDIRECT_STATUS: '303' });
  },
  async check(context) {
    const id = await firstContainer(context, 'api', true);
    const { status, exitCode } = await state(id);
    const logs = await containerLogs(id, 10);
    const named = logs.includes('REDIRECT_STATUS must be one of: 301, 302, 307, 308');
    return {
      broken: named,
      evidence: `api ${status} (exit ${exitCode}); log: ${named ? 'Invalid configuration: REDIRECT_STATUS must be one of: 301, 302, 307, 308' : 'no config error'}`,
    };
  },
  async fix(context) {
    await recreateApi(context);
  },
};

const redisDown: Lab = {
  name: 'redis-down',
  question: 'health-liveness-readiness',
  title: 'Redis is down: ready says no, health says yes',
  async break(context) {
    await composeFor(context)(['stop', 'redis'], 60_000);
  },
  async check(context) {
    const ready = await timedGet(context, '/ready');
    const health = await timedGet(context, '/health');
    return {
      broken: ready.status === 503 && health.status === 200,
      evidence: `/ready ${ready.status} in ${ready.ms} ms ${ready.body.trim()}; /health ${health.status}`,
    };
  },
  async fix(context) {
    await composeFor(context)(['start', 'redis'], 60_000);
    await waitUntilEveryReplicaReady(context.webUrl, 90_000);
  },
};

const slowDependency: Lab = {
  name: 'slow-dependency',
  question: 'troubleshoot-performance',
  title: 'Redis stops answering: requests fail fast instead of piling up',
  async break(context) {
    // Redis keeps its connections but answers nothing for a minute.
    await redisCli(composeFor(context), 'CLIENT PAUSE 60000 ALL');
  },
  async check(context) {
    const ready = await timedGet(context, '/ready');
    return {
      broken: ready.status === 503 && ready.ms < 2000,
      evidence: `/ready ${ready.status} after ${ready.ms} ms (the api's Redis command deadline is 500 ms): ${ready.body.trim()}`,
    };
  },
  async fix(context) {
    await redisCli(composeFor(context), 'CLIENT UNPAUSE');
    await waitUntilEveryReplicaReady(context.webUrl, 90_000);
  },
};

/** Sends a signal to the Node process of the api container (PID 1 is tini; node's flags come before the script). */
async function signalNode(context: LabContext, signal: 'STOP' | 'CONT'): Promise<void> {
  const id = await firstContainer(context, 'api');
  const script = `for p in /proc/[0-9]*; do case "$(tr '\\0' ' ' < "$p/cmdline" 2>/dev/null)" in "node "*"dist/server.js"*) kill -${signal} "\${p#/proc/}";; esac; done`;
  await docker(['exec', id, 'sh', '-c', script]);
}

const hungProcess: Lab = {
  name: 'unhealthy',
  question: 'docker-healthcheck',
  title: 'A hung api process is reported unhealthy',
  async break(context) {
    await signalNode(context, 'STOP');
  },
  async check(context) {
    const id = await firstContainer(context, 'api');
    const { status, health } = await state(id);
    return {
      broken: health === 'unhealthy',
      evidence: `api ${status}, health ${health || 'none'}`,
    };
  },
  async fix(context) {
    await signalNode(context, 'CONT');
    const id = await firstContainer(context, 'api');
    const deadline = Date.now() + 90_000;
    while ((await state(id)).health !== 'healthy' && Date.now() < deadline) await sleep(500);
    await waitUntilEveryReplicaReady(context.webUrl, 90_000);
  },
};

const memoryLimit: Lab = {
  name: 'memory-limit',
  question: 'compose-resource-limits',
  title: 'The api is killed by its memory limit',
  async break(context) {
    await recreateApi(context, { API_MEMORY_LIMIT: '40M' });
  },
  async check(context) {
    const id = await firstContainer(context, 'api', true);
    const { status, exitCode, restarts } = await state(id);
    const limit = await docker(['inspect', '--format', '{{.HostConfig.Memory}}', id]);
    return {
      broken: exitCode === 137 || (restarts > 0 && Number(limit) <= 40 * 1024 * 1024),
      evidence: `api ${status} after ${restarts} restarts under a ${Math.round(Number(limit) / 1024 / 1024)} MiB limit${
        status === 'running' ? '' : `, last exit code ${exitCode} (137 = SIGKILL from the OOM killer)`
      }`,
    };
  },
  async fix(context) {
    await recreateApi(context);
  },
};

export const LABS: readonly Lab[] = [restartLoop, badConfig, redisDown, slowDependency, hungProcess, memoryLimit];
