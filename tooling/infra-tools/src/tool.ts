// Runs one of the infrastructure tools that docs/infra-tools.md lists, from PATH.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `tool ...args` in the repository root; a missing tool fails with how to get it. */
export function runTool(tool: string, args: string[], cwd = repoRoot, input?: string): ToolResult {
  const result = spawnSync(tool, args, { cwd, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${tool} is not on PATH: pnpm test:infra needs it (docs/infra-tools.md says how to get it)`);
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let k8sCopy: string | undefined;

/**
 * `kubectl kustomize` of a folder under k8s/, on a copy of k8s/ where the kind overlay's
 * git-ignored secrets.env comes from its committed example, so a fresh clone builds too.
 */
export function kustomize(path: string): string {
  if (!k8sCopy) {
    k8sCopy = mkdtempSync(join(tmpdir(), 'shortly-k8s-'));
    cpSync(join(repoRoot, 'k8s'), k8sCopy, { recursive: true });
    const secrets = join(k8sCopy, 'overlays/kind/secrets.env');
    if (!existsSync(secrets)) copyFileSync(`${secrets}.example`, secrets);
  }
  const result = runTool('kubectl', ['kustomize', join(k8sCopy, path.replace(/^k8s\//, ''))]);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${path} failed: ${result.stderr}`);
  return result.stdout;
}
