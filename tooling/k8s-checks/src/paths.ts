import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root, found from this file (tooling/k8s-checks/src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const k8sDir = join(repoRoot, 'k8s');
export const questionsFile = join(repoRoot, 'docs/interview/questions.yaml');

/** Folder names under k8s/overlays, each one environment that gets deployed. */
export function overlayNames(): string[] {
  const dir = join(k8sDir, 'overlays');
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

/** Every file under a folder, as paths relative to the repo root, sorted. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(path.slice(repoRoot.length + 1));
    }
  };
  walk(dir);
  return found.sort();
}
