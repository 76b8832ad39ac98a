import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const NAMESPACE = 'shortly';
/** The cluster's entry from this machine: the Gateway, through kind's port mapping. */
export const ENTRY = process.env.KIND_ENTRY ?? 'http://localhost:8080';

/** kubectl against the kind cluster only, never the current context; stdout and stderr. */
async function kubectlOutput(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const child = run('kubectl', ['--context', 'kind-shortly', ...args], { maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) child.child.stdin?.end(input);
  return child;
}

export async function kubectl(args: string[], input?: string): Promise<string> {
  return (await kubectlOutput(args, input)).stdout;
}

/** kubectl's success, with everything it printed (warnings go to stderr). */
export async function kubectlResult(args: string[], input?: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await kubectlOutput(args, input);
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

export async function kubectlJson<T>(args: string[]): Promise<T> {
  return JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
}

/** A script of scripts/, as a user runs it through pnpm, with its output kept for the report. */
export async function script(name: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run('bash', [`scripts/${name}`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export interface Pod {
  metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
  spec: {
    containers: { name: string; securityContext?: { runAsUser?: number } }[];
    securityContext?: { runAsUser?: number };
  };
  status: { phase: string };
}

export async function runningPods(selector: string): Promise<Pod[]> {
  const { items } = await kubectlJson<{ items: Pod[] }>(['-n', NAMESPACE, 'get', 'pods', '-l', selector]);
  return items.filter((pod) => pod.status.phase === 'Running' && !pod.metadata.deletionTimestamp);
}

/** Creates a short link through the entry and returns its code. */
export async function createLink(url: string): Promise<string> {
  const response = await fetch(`${ENTRY}/api/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { code: string }).code;
}
