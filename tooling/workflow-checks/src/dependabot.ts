// .github/dependabot.yml: no JSON schema for it ships on the npm registry (SchemaStore's
// copy is only fetched over the network), so its shape is checked here, together with
// what a schema cannot know: that every folder it names exists and holds what the
// ecosystem reads, and that every image, root and action folder of the repo is covered.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expandGlob, isDirectory, repoRoot } from './paths.ts';

export interface DependabotUpdate {
  'package-ecosystem'?: string;
  directory?: string;
  directories?: string[];
  schedule?: { interval?: string };
  groups?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DependabotConfig {
  version?: number;
  updates?: DependabotUpdate[];
}

const ECOSYSTEMS = new Set([
  'bun',
  'bundler',
  'cargo',
  'composer',
  'devcontainers',
  'docker',
  'docker-compose',
  'dotnet-sdk',
  'elm',
  'github-actions',
  'gitsubmodule',
  'gomod',
  'gradle',
  'helm',
  'maven',
  'mix',
  'npm',
  'nuget',
  'pip',
  'pub',
  'swift',
  'terraform',
  'uv',
]);

const INTERVALS = new Set(['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron']);

const UPDATE_KEYS = new Set([
  'package-ecosystem',
  'directory',
  'directories',
  'schedule',
  'groups',
  'allow',
  'ignore',
  'assignees',
  'commit-message',
  'cooldown',
  'labels',
  'milestone',
  'open-pull-requests-limit',
  'pull-request-branch-name',
  'rebase-strategy',
  'registries',
  'reviewers',
  'target-branch',
  'vendor',
  'versioning-strategy',
  'insecure-external-code-execution',
  'exclude-paths',
]);

/** What a folder must hold for an ecosystem to find anything in it. */
const HOLDS: Record<string, (dir: string) => boolean> = {
  npm: (dir) => existsSync(join(repoRoot, dir, 'package.json')),
  docker: (dir) => existsSync(join(repoRoot, dir, 'Dockerfile')),
  'docker-compose': (dir) =>
    ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'].some((name) =>
      existsSync(join(repoRoot, dir, name)),
    ),
  terraform: (dir) => expandGlob(`${dir}/*.tf`).length > 0,
  'github-actions': (dir) =>
    dir === '' ? isDirectory('.github/workflows') : existsSync(join(repoRoot, dir, 'action.yml')),
};

/** The folders of an update, as repo-relative globs ('' is the root). */
export const directoriesOf = (update: DependabotUpdate): string[] =>
  (update.directories ?? (update.directory !== undefined ? [update.directory] : [])).map((dir) =>
    dir.replace(/^\/+|\/+$/g, ''),
  );

/** The folders a directory glob names ('' for the root). */
const foldersOf = (dir: string): string[] => (dir === '' ? [''] : expandGlob(dir).filter(isDirectory));

export function dependabotProblems(config: DependabotConfig): string[] {
  const problems: string[] = [];
  if (config.version !== 2) problems.push(`version is ${config.version}, not 2`);
  const updates = config.updates ?? [];
  if (updates.length === 0) problems.push('no updates');
  updates.forEach((update, index) => {
    const ecosystem = update['package-ecosystem'] ?? '';
    const at = `updates[${index}] (${ecosystem || 'no ecosystem'})`;
    if (!ECOSYSTEMS.has(ecosystem)) problems.push(`${at}: unknown package-ecosystem "${ecosystem}"`);
    for (const key of Object.keys(update)) {
      if (!UPDATE_KEYS.has(key)) problems.push(`${at}: unknown key "${key}"`);
    }
    if ((update.directory === undefined) === (update.directories === undefined)) {
      problems.push(`${at}: needs exactly one of directory and directories`);
    }
    const interval = update.schedule?.interval;
    if (!interval || !INTERVALS.has(interval)) problems.push(`${at}: schedule.interval "${interval}" is not valid`);
    else if (interval !== 'weekly') problems.push(`${at}: runs ${interval}, not weekly`);
    if (!update.groups || Object.keys(update.groups).length === 0) problems.push(`${at}: updates are not grouped`);
    for (const dir of directoriesOf(update)) {
      const folders = foldersOf(dir);
      if (folders.length === 0) problems.push(`${at}: /${dir} names no folder`);
      const holds = HOLDS[ecosystem];
      for (const folder of holds ? folders : []) {
        if (!holds?.(folder)) problems.push(`${at}: /${folder} holds nothing ${ecosystem} reads`);
      }
    }
  });
  return problems;
}

/**
 * Folders of the repo that Dependabot must watch, by ecosystem: every Dockerfile's folder,
 * every Terraform root and module, the workflows and every local action.
 */
export function requiredFolders(): Record<string, string[]> {
  const parent = (path: string) => path.split('/').slice(0, -1).join('/');
  return {
    npm: [''],
    docker: [...expandGlob('apps/*/Dockerfile')].map(parent),
    terraform: [
      ...expandGlob('terraform/bootstrap'),
      ...expandGlob('terraform/envs/*'),
      ...expandGlob('terraform/modules/*'),
    ]
      .filter(isDirectory)
      .filter((dir) => expandGlob(`${dir}/*.tf`).length > 0),
    'github-actions': ['', ...expandGlob('.github/actions/*/action.yml').map(parent)],
  };
}

/** Required folders that no update of their ecosystem covers. */
export function coverageProblems(config: DependabotConfig, required: Record<string, string[]>): string[] {
  return Object.entries(required).flatMap(([ecosystem, folders]) => {
    const covered = new Set(
      (config.updates ?? [])
        .filter((update) => update['package-ecosystem'] === ecosystem)
        .flatMap(directoriesOf)
        .flatMap(foldersOf),
    );
    return folders.filter((folder) => !covered.has(folder)).map((folder) => `${ecosystem}: /${folder} is not watched`);
  });
}
