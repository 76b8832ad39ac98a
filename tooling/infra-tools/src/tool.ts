// Runs one of the infrastructure tools that docs/infra-tools.md lists, from PATH.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `tool ...args` in the repository root; a missing tool fails with how to get it. */
export function runTool(tool: string, args: string[], cwd = repoRoot): ToolResult {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${tool} is not on PATH: pnpm test:infra needs it (docs/infra-tools.md says how to get it)`);
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
