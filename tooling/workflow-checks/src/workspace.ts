// What `pnpm <script>` and `pnpm --filter <package> <script>` in a workflow can refer to:
// the root package.json's scripts and each workspace package's name and scripts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expandGlob, readRepoFile, repoRoot } from './paths.ts';

export interface WorkspacePackage {
  name: string;
  dir: string;
  scripts: Record<string, string>;
}

export interface Workspace {
  rootScripts: Record<string, string>;
  packages: WorkspacePackage[];
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
}

export function loadWorkspace(): Workspace {
  const root = JSON.parse(readRepoFile('package.json')) as PackageJson;
  const config = parse(readRepoFile('pnpm-workspace.yaml')) as { packages?: string[] };
  const dirs = (config.packages ?? []).filter((pattern) => !pattern.startsWith('!')).flatMap(expandGlob);
  const packages = dirs
    .filter((dir) => existsSync(join(repoRoot, dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readRepoFile(`${dir}/package.json`)) as PackageJson;
      return { name: manifest.name ?? dir, dir, scripts: manifest.scripts ?? {} };
    });
  return { rootScripts: root.scripts ?? {}, packages };
}
