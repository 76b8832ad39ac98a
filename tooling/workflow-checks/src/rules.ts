// Each rule is a pure function that returns the problems it finds (empty = the rule holds),
// so a test can run it over every workflow and also over a mutated copy to prove it fails.
// Messages say what is wrong and where, since they are what a failing test prints.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expandGlob, isExecutable, repoRoot } from './paths.ts';
import {
  type CompositeAction,
  type Concurrency,
  type Job,
  matrixValues,
  type Permissions,
  type Step,
  type StepContext,
  triggers,
  type UsesReference,
  type Workflow,
} from './workflow.ts';
import type { Workspace } from './workspace.ts';

type Problems = string[];

// --- pinning -----------------------------------------------------------------------------

const SHA_PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v\d+(\.\d+){0,2}([-+.][0-9A-Za-z.-]+)?$/;

/** True for references that are not fetched from another repository at a ref. */
const isLocalOrDocker = (value: string): boolean => value.startsWith('./') || value.startsWith('docker://');

/**
 * Every third-party action is pinned to a full 40-character commit SHA (a tag can be moved
 * to other code; a commit cannot), followed by a `# vX.Y.Z` comment saying which release
 * that commit is, for readers and for Dependabot.
 */
export function pinProblems(path: string, references: UsesReference[]): Problems {
  return references
    .filter((reference) => !isLocalOrDocker(reference.value))
    .flatMap(({ at, line, value, comment }) => {
      const where = `${path}:${line} ${at}`;
      if (!SHA_PINNED.test(value)) return [`${where}: ${value} is not pinned to a full 40-character commit SHA`];
      if (!VERSION_COMMENT.test(comment)) {
        return [`${where}: ${value} has no "# vX.Y.Z" comment naming the release of that SHA`];
      }
      return [];
    });
}

// --- jobs ----------------------------------------------------------------------------------

/** GitHub-hosted runners stop a job after 360 minutes; a hung job should stop long before. */
export function timeoutProblems(path: string, workflow: Workflow): Problems {
  return Object.entries(workflow.jobs ?? {}).flatMap(([id, job]) => {
    // A job that calls a reusable workflow cannot set a timeout; its jobs must.
    if (job.uses) return [];
    const timeout = job['timeout-minutes'];
    if (timeout === undefined) return [`${path} jobs.${id}: no timeout-minutes (the default is 360)`];
    if (typeof timeout === 'string') {
      return /^\$\{\{.*\}\}$/.test(timeout.trim()) ? [] : [`${path} jobs.${id}: timeout-minutes is not a number`];
    }
    if (!(timeout > 0 && timeout <= 360)) return [`${path} jobs.${id}: timeout-minutes ${timeout} is not within 1-360`];
    return [];
  });
}

const isWriteAll = (permissions: Permissions): boolean => typeof permissions === 'string' && permissions !== 'read-all';

/**
 * Least privilege: the workflow's top-level permissions grant no write scope (so a new job
 * starts read-only), and jobs raise only the scopes they need.
 */
export function permissionProblems(path: string, workflow: Workflow): Problems {
  const problems: Problems = [];
  const top = workflow.permissions;
  if (top === undefined) {
    problems.push(`${path}: no top-level permissions (the token would get the repository's default scopes)`);
  } else if (typeof top === 'string') {
    problems.push(`${path}: top-level permissions "${top}" instead of a list of read scopes`);
  } else {
    for (const [scope, level] of Object.entries(top)) {
      if (level !== 'read' && level !== 'none') problems.push(`${path}: top-level permission ${scope}: ${level}`);
    }
  }
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (job.permissions === undefined) continue;
    if (typeof job.permissions === 'string') {
      if (isWriteAll(job.permissions)) problems.push(`${path} jobs.${id}: permissions "${job.permissions}"`);
      continue;
    }
    for (const [scope, level] of Object.entries(job.permissions)) {
      if (!['read', 'write', 'none'].includes(level))
        problems.push(`${path} jobs.${id}: permission ${scope}: ${level}`);
    }
  }
  return problems;
}

/** What a job must do to need a write scope; a grant no step uses is a grant to remove. */
const WRITE_SCOPE_USES: Record<string, (steps: Step[]) => boolean> = {
  packages: (steps) => steps.some((step) => step.uses?.startsWith('docker/login-action@')),
  'id-token': (steps) =>
    steps.some(
      (step) =>
        step.uses?.startsWith('aws-actions/configure-aws-credentials@') ||
        /\bcosign\s+sign\b/.test(step.run ?? '') ||
        step.uses?.startsWith('actions/attest'),
    ),
  'security-events': (steps) => steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@')),
  'pull-requests': (steps) => steps.some((step) => /\bgh\s+(pr|api)\b/.test(step.run ?? '')),
  issues: (steps) => steps.some((step) => /\bgh\s+(issue|label)\b/.test(step.run ?? '')),
  contents: (steps) => steps.some((step) => /\bgh\s+release\b|\bgit\s+push\b/.test(step.run ?? '')),
};

/**
 * Every write scope a job is granted is used by one of its steps (local composite actions
 * are looked into through `expand`).
 */
export function unusedWriteProblems(path: string, workflow: Workflow, expand: (steps: Step[]) => Step[]): Problems {
  return Object.entries(workflow.jobs ?? {}).flatMap(([id, job]) => {
    if (!job.permissions || typeof job.permissions === 'string') return [];
    const steps = expand(job.steps ?? []);
    return Object.entries(job.permissions)
      .filter(([, level]) => level === 'write')
      .flatMap(([scope]) => {
        const check = WRITE_SCOPE_USES[scope];
        if (!check) return [`${path} jobs.${id}: grants ${scope}: write, which no rule here knows a use for`];
        return check(steps) ? [] : [`${path} jobs.${id}: grants ${scope}: write but no step uses it`];
      });
  });
}

const asConcurrency = (value: string | Concurrency | undefined): Concurrency | undefined =>
  typeof value === 'string' ? { group: value } : value;

/** True when a cancel-in-progress value may cancel a run outside a pull request. */
function cancelsOutsidePullRequests(cancel: boolean | string | undefined, events: string[]): boolean {
  if (cancel === undefined || cancel === false) return false;
  if (cancel === true) return events.some((event) => !event.startsWith('pull_request'));
  return !/pull_request/.test(cancel);
}

function pushesTags(workflow: Workflow): boolean {
  const on = workflow.on as { push?: { tags?: unknown } } | undefined;
  return typeof on === 'object' && on !== null && !Array.isArray(on) && on.push?.tags !== undefined;
}

/**
 * Every workflow has a concurrency group; only pull request runs are ever cancelled
 * (never a release or a push to main); a release never cancels; and every job that
 * deploys to an environment has its own group that queues instead of cancelling.
 */
export function concurrencyProblems(path: string, workflow: Workflow): Problems {
  const problems: Problems = [];
  const events = triggers(workflow);
  const top = asConcurrency(workflow.concurrency);
  if (!top?.group) {
    problems.push(`${path}: no top-level concurrency group`);
  } else {
    const cancel = top['cancel-in-progress'];
    if (!top.group.includes('${{'))
      problems.push(`${path}: concurrency group "${top.group}" is the same for every ref`);
    if (cancelsOutsidePullRequests(cancel, events)) {
      problems.push(`${path}: cancel-in-progress can cancel runs that are not pull requests`);
    }
    if (pushesTags(workflow) && cancel !== false)
      problems.push(`${path}: a release workflow must not cancel in progress`);
  }
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (!job.environment) continue;
    const own = asConcurrency(job.concurrency);
    if (!own?.group) problems.push(`${path} jobs.${id}: deploys to an environment without its own concurrency group`);
    else if (own['cancel-in-progress'] !== false) {
      problems.push(`${path} jobs.${id}: deploys to an environment and may be cancelled half-way`);
    }
  }
  return problems;
}

// --- steps ---------------------------------------------------------------------------------

/** actions/checkout leaves the token in .git/config unless told not to; no job here pushes. */
export function checkoutProblems(steps: StepContext[]): Problems {
  return steps
    .filter(({ step }) => step.uses?.startsWith('actions/checkout@'))
    .filter(({ step }) => step.with?.['persist-credentials'] !== false)
    .map(({ label }) => `${label}: actions/checkout without persist-credentials: false`);
}

/**
 * Run scripts take no `${{ }}` expressions (GitHub pastes their value into the script
 * before the shell parses it: a branch name or PR title becomes code) and never trace
 * commands (`set -x` prints every expanded variable, tokens included).
 */
export function runScriptProblems(steps: StepContext[]): Problems {
  return steps.flatMap(({ label, step }) => {
    const script = step.run;
    if (script === undefined) return [];
    const problems: Problems = [];
    if (script.includes('${{')) problems.push(`${label}: \${{ }} expression inside run: pass it through env`);
    if (/\bset\s+-[A-Za-z]*x|\bset\s+-o\s+xtrace\b|\bbash\s+-[A-Za-z]*x\b/.test(script)) {
      problems.push(`${label}: traces commands (set -x), which prints secrets`);
    }
    return problems;
  });
}

// --- references --------------------------------------------------------------------------

/** Substitutes `${{ matrix.key }}` with each value the job's matrix gives it; other expressions become `*`. */
export function expandExpressions(text: string, job: Job | undefined): string[] {
  const match = /\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/.exec(text);
  if (match) {
    const values = matrixValues(job, match[1] ?? '');
    if (values.length === 0) return [text.replace(match[0], '*')];
    return values.flatMap((value) => expandExpressions(text.replace(match[0], value), job));
  }
  return [text.replace(/\$\{\{[^}]*\}\}/g, '*')];
}

/** A path (with wildcards or matrix expressions) names at least one existing file or folder. */
function pathProblems(label: string, path: string, job: Job | undefined, what = 'path'): Problems {
  return expandExpressions(path, job).flatMap((candidate) =>
    expandGlob(candidate).length > 0 ? [] : [`${label}: ${what} ${candidate} does not exist`],
  );
}

const TOP_LEVEL_DIRS = [
  '.ci',
  '.github',
  'apps',
  'bench',
  'deploy',
  'docs',
  'k8s',
  'packages',
  'scripts',
  'terraform',
  'tests',
];
const REPO_PATH = new RegExp(
  `^(?:\\$PWD/|\\$\\{?GITHUB_WORKSPACE\\}?/)?((?:${TOP_LEVEL_DIRS.join('|').replace(/\./g, '\\.')})/\\S*)$`,
);

const PNPM_BUILTINS = new Set([
  'add',
  'approve-builds',
  'audit',
  'bin',
  'config',
  'create',
  'deploy',
  'dlx',
  'exec',
  'fetch',
  'i',
  'import',
  'init',
  'install',
  'licenses',
  'link',
  'list',
  'ls',
  'outdated',
  'pack',
  'patch',
  'prune',
  'publish',
  'rebuild',
  'remove',
  'root',
  'store',
  'unlink',
  'update',
  'why',
]);

/** Flags of pnpm that take the next word as their value. */
const PNPM_VALUE_FLAGS = new Set(['--filter', '-F', '--dir', '-C', '--workspace-concurrency', '--reporter']);

interface PnpmCall {
  script: string | undefined;
  filters: string[];
  recursive: boolean;
}

function parsePnpm(words: string[]): PnpmCall {
  const call: PnpmCall = { script: undefined, filters: [], recursive: false };
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (word === '-r' || word === '--recursive') call.recursive = true;
    else if (word === '--filter' || word === '-F') call.filters.push(words[++index] ?? '');
    else if (word.startsWith('--filter=')) call.filters.push(word.slice('--filter='.length));
    else if (PNPM_VALUE_FLAGS.has(word)) index++;
    else if (word.startsWith('-')) continue;
    else if (word === 'run') {
      call.script = words.slice(index + 1).find((next) => !next.startsWith('-'));
      return call;
    } else {
      call.script = PNPM_BUILTINS.has(word) ? undefined : word;
      return call;
    }
  }
  return call;
}

function pnpmProblems(label: string, words: string[], workspace: Workspace): Problems {
  const call = parsePnpm(words);
  const problems: Problems = [];
  const byName = (name: string) => workspace.packages.find((entry) => entry.name === name);
  for (const filter of call.filters) {
    const name = filter.replace(/^!/, '').replace(/^\.\.\.|\.\.\.$/g, '');
    if (!byName(name)) problems.push(`${label}: pnpm --filter ${filter} names no workspace package`);
  }
  if (call.script === undefined) return problems;
  const included = call.filters.filter((filter) => !filter.startsWith('!'));
  if (included.length > 0) {
    for (const filter of included) {
      const target = byName(filter.replace(/^\.\.\.|\.\.\.$/g, ''));
      if (target && !(call.script in target.scripts)) {
        problems.push(`${label}: ${target.name} has no "${call.script}" script`);
      }
    }
  } else if (call.recursive) {
    if (!workspace.packages.some((entry) => call.script !== undefined && call.script in entry.scripts)) {
      problems.push(`${label}: no workspace package has a "${call.script}" script`);
    }
  } else if (!(call.script in workspace.rootScripts)) {
    problems.push(`${label}: the root package.json has no "${call.script}" script (pnpm ${call.script})`);
  }
  return problems;
}

const unquote = (word: string): string => word.replace(/^['"`(]+|['"`);,:]+$/g, '');

/** Commands of a script: lines joined where they end in a backslash, split at ; && || | and subshells. */
export function commandsOf(script: string): string[][] {
  return script
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(/&&|\|\||;|\||\$\(|\)/))
    .map((command) =>
      command
        .replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => `\${{${expression.replace(/\s+/g, '')}}}`)
        .trim()
        .split(/\s+/)
        .filter(Boolean),
    )
    .filter((words) => words.length > 0);
}

/**
 * What the scripts of a workflow call exists: `pnpm <script>` is a root script (or a
 * package's script with --filter), `bash scripts/x.sh` and `./x.sh` name executable files,
 * and every path into the repo (`terraform/envs/*`, `apps/${{ matrix.app }}/Dockerfile`)
 * names at least one file or folder.
 */
export function scriptReferenceProblems(steps: StepContext[], workspace: Workspace): Problems {
  return steps.flatMap(({ label, job, step }) => {
    if (step.run === undefined) return [];
    return commandsOf(step.run).flatMap((words) => {
      const problems: Problems = [];
      const [command, ...rest] = words.map(unquote);
      if (command === 'pnpm') problems.push(...pnpmProblems(label, rest, workspace));
      const script =
        command === 'bash' || command === 'sh'
          ? rest.find((word) => !word.startsWith('-'))
          : command?.startsWith('./')
            ? command
            : undefined;
      if (script && !script.includes('$') && /\.(sh|bash)$|^\.\/|^scripts\//.test(script)) {
        const path = script.replace(/^\.\//, '');
        if (!existsSync(join(repoRoot, path))) problems.push(`${label}: ${script} does not exist`);
        else if (path.endsWith('.sh') && !isExecutable(path)) problems.push(`${label}: ${script} is not executable`);
      }
      for (const word of words.map(unquote)) {
        // `-chdir=terraform/envs/x` names a path after its =; the script above is checked already.
        const value = word.startsWith('-') ? word.slice(word.indexOf('=') + 1) : word;
        if (value === script) continue;
        const match = REPO_PATH.exec(value);
        if (!match?.[1] || /\$(?!\{\{)/.test(match[1])) continue;
        problems.push(...pathProblems(label, match[1], job));
      }
      return problems;
    });
  });
}

/** Inputs of actions that name a file or folder of the repo. */
const PATH_INPUTS: Record<string, string[]> = {
  'docker/build-push-action': ['file', 'context'],
  'actions/setup-node': ['node-version-file'],
  'bridgecrewio/checkov-action': ['directory', 'config_file'],
  'helm/kind-action': ['config'],
};

/**
 * Paths handed to actions and working directories exist: Dockerfiles and build contexts,
 * .nvmrc, the folders scanned, `working-directory` of steps and job defaults.
 */
export function stepPathProblems(steps: StepContext[]): Problems {
  const problems: Problems = [];
  for (const { label, job, step } of steps) {
    const directory = step['working-directory'] ?? job?.defaults?.run?.['working-directory'];
    if (directory && step.run !== undefined) problems.push(...pathProblems(label, directory, job, 'working-directory'));
    if (!step.uses) continue;
    const action = step.uses.split('@')[0] ?? '';
    for (const input of PATH_INPUTS[action] ?? []) {
      const value = step.with?.[input];
      if (typeof value === 'string' && !value.includes('://')) problems.push(...pathProblems(label, value, job, input));
    }
    if (action === 'aquasecurity/trivy-action' && ['config', 'fs'].includes(String(step.with?.['scan-type']))) {
      problems.push(...pathProblems(label, String(step.with?.['scan-ref'] ?? '.'), job, 'scan-ref'));
    }
    if (action === './.github/actions/terraform-init') {
      const root = step.with?.root;
      if (typeof root === 'string') problems.push(...pathProblems(label, `terraform/envs/${root}`, job, 'root'));
    }
  }
  return problems;
}

/**
 * A local action (`uses: ./.github/actions/x`) exists, gets every required input, and
 * gets no input it does not declare.
 */
export function localActionProblems(steps: StepContext[], actions: Map<string, CompositeAction>): Problems {
  return steps.flatMap(({ label, step }) => {
    if (!step.uses?.startsWith('./')) return [];
    const dir = step.uses.replace(/^\.\//, '').replace(/\/$/, '');
    const action = actions.get(dir);
    if (!action) return [`${label}: ${step.uses} has no action.yml`];
    const declared = action.inputs ?? {};
    const given = Object.keys(step.with ?? {});
    return [
      ...given.filter((input) => !(input in declared)).map((input) => `${label}: ${step.uses} has no input "${input}"`),
      ...Object.entries(declared)
        .filter(([name, input]) => input.required === true && input.default === undefined && !given.includes(name))
        .map(([name]) => `${label}: ${step.uses} needs input "${name}"`),
    ];
  });
}

/** The steps of a job with each local composite action replaced by its own steps. */
export function expandLocalActions(steps: Step[], actions: Map<string, CompositeAction>, depth = 0): Step[] {
  return steps.flatMap((step) => {
    const dir = step.uses?.startsWith('./') ? step.uses.replace(/^\.\//, '').replace(/\/$/, '') : undefined;
    const action = dir ? actions.get(dir) : undefined;
    if (!action || depth > 3) return [step];
    return [step, ...expandLocalActions(action.runs.steps ?? [], actions, depth + 1)];
  });
}
