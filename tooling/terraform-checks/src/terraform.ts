// The terraform binary, for what only Terraform itself can judge: formatting, and rendering
// a template with templatefile. Neither needs providers, a backend or the network.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './hcl.ts';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const binary = process.env.TERRAFORM_BIN ?? 'terraform';

/** Terraform without the user's CLI configuration, checkpoint calls or colours. */
function run(args: string[], cwd: string, input?: string): RunResult {
  const result = spawnSync(binary, args, {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
    timeout: 60_000,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${binary} not found: pnpm test:infra needs Terraform (docs/infra-tools.md says how to get it)`);
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The terraform version line; throws when no terraform binary can be run here. */
export function terraformVersion(): string {
  const { status, stdout, stderr } = run(['version'], repoRoot);
  if (status !== 0) throw new Error(`terraform version failed: ${stderr}`);
  return stdout.split('\n')[0] ?? '';
}

/** terraform fmt -check -recursive -diff: exit 0 when every file is formatted, 3 when one is not. */
export const fmtCheck = (directory: string): RunResult =>
  run(['fmt', '-check', '-recursive', '-diff', '-no-color', directory], repoRoot);

/** Evaluates one expression with terraform console in an empty directory (no configuration to load). */
export function evaluate(expression: string): RunResult {
  const scratch = mkdtempSync(join(tmpdir(), 'terraform-checks-'));
  try {
    return run(['console'], scratch, `${expression}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
