// pnpm interview [--check | --write] [--root <dir>]
//   --check (the default): check the annotations and that docs/interview/README.md is up to
//           date, print coverage per source document; exit 1 on any problem.
//   --write: the same, but regenerate docs/interview/README.md instead of comparing it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Mode, repoRoot, run } from './run.ts';

const USAGE = `usage: pnpm interview [--check | --write] [--root <dir>]

  --check   check annotations and that docs/interview/README.md is up to date (default)
  --write   check annotations and regenerate docs/interview/README.md
  --root    the repository to check (default: this monorepo)
`;

function main(argv: string[]): number {
  let values: { check?: boolean; write?: boolean; root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        check: { type: 'boolean' },
        write: { type: 'boolean' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.check && values.write) {
    process.stderr.write(`--check and --write exclude each other\n${USAGE}`);
    return 2;
  }
  const mode: Mode = values.write ? 'write' : 'check';
  try {
    const outcome = run(values.root ? resolve(values.root) : repoRoot, mode);
    process.stdout.write(outcome.output);
    return outcome.exitCode;
  } catch (error) {
    process.stderr.write(`interview: ${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
