import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root, found from this file (tooling/workflow-checks/src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const githubDir = join(repoRoot, '.github');
export const questionsFile = join(repoRoot, 'docs/interview/questions.yaml');

export const readRepoFile = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

/** Files directly in a folder of the repo whose names pass the filter, as repo-relative paths, sorted. */
export function filesIn(folder: string, filter: (name: string) => boolean): string[] {
  const dir = join(repoRoot, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && filter(entry.name))
    .map((entry) => `${folder}/${entry.name}`)
    .sort();
}

export const workflowFiles = (): string[] => filesIn('.github/workflows', (name) => /\.ya?ml$/.test(name));

/** The local composite actions: .github/actions/<name>/action.yml. */
export function localActionFiles(): string[] {
  const dir = join(repoRoot, '.github/actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => filesIn(`.github/actions/${entry.name}`, (name) => /^action\.ya?ml$/.test(name)))
    .sort();
}

const IGNORED_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage', 'reports', '.terraform']);

/** Every file of the repo (outside node_modules, .git and build output), repo-relative and sorted. */
export function repoFiles(): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(repoRoot, relative), { withFileTypes: true })) {
      if (IGNORED_DIRS.has(entry.name)) continue;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  walk('');
  return found.sort();
}

function segmentPattern(segment: string): RegExp {
  const escaped = segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`);
}

/**
 * The repo paths (files or folders) a path with `*` wildcards names, relative to the repo root.
 * A path without wildcards gives itself when it exists. Hidden entries match only a pattern
 * that starts with a dot, as in a shell.
 */
export function expandGlob(pattern: string): string[] {
  const segments = pattern.replace(/^\.\//, '').replace(/\/+$/, '').split('/').filter(Boolean);
  let matches = [''];
  for (const segment of segments) {
    const next: string[] = [];
    for (const base of matches) {
      const dir = join(repoRoot, base);
      if (!segment.includes('*')) {
        if (existsSync(join(dir, segment))) next.push(base ? `${base}/${segment}` : segment);
        continue;
      }
      if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
      const regex = segmentPattern(segment);
      for (const name of readdirSync(dir).sort()) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (regex.test(name)) next.push(base ? `${base}/${name}` : name);
      }
    }
    matches = next;
  }
  return segments.length === 0 ? [] : matches;
}

export const isDirectory = (path: string): boolean =>
  existsSync(join(repoRoot, path)) && statSync(join(repoRoot, path)).isDirectory();

export const isExecutable = (path: string): boolean =>
  existsSync(join(repoRoot, path)) && (statSync(join(repoRoot, path)).mode & 0o111) !== 0;
