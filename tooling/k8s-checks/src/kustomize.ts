import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './objects.ts';
import { k8sDir, overlayNames } from './paths.ts';

let preparedTree: string | undefined;

/**
 * A throwaway copy of k8s/ that builds on a fresh clone: overlays whose generators read a
 * git-ignored secrets.env get it from the committed secrets.env.example. The repo itself
 * is never written to.
 */
function prepareTree(): string {
  if (preparedTree) return preparedTree;
  const dir = mkdtempSync(join(tmpdir(), 'shortly-k8s-'));
  cpSync(k8sDir, dir, { recursive: true });
  for (const overlay of overlayNames()) {
    const example = join(dir, 'overlays', overlay, 'secrets.env.example');
    const real = join(dir, 'overlays', overlay, 'secrets.env');
    if (existsSync(example) && !existsSync(real)) copyFileSync(example, real);
  }
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  preparedTree = dir;
  return dir;
}

function isMissingBinary(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Runs `kubectl kustomize DIR` (or a standalone `kustomize build DIR`) and returns its YAML. */
export function runKustomize(dir: string): string {
  const options = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };
  const attempts: Array<[string, string[]]> = [
    ['kubectl', ['kustomize', dir]],
    ['kustomize', ['build', dir]],
  ];
  for (const [binary, args] of attempts) {
    try {
      return execFileSync(binary, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      if (isMissingBinary(error)) continue;
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      throw new Error(`${binary} ${args.join(' ')} failed:\n${stderr || (error as Error).message}`);
    }
  }
  throw new Error(
    'Neither kubectl nor kustomize is on PATH. Install kubectl (it bundles kustomize): ' +
      'https://kubernetes.io/docs/tasks/tools/ - these checks need no cluster, only the binary.',
  );
}

/** Parses a multi-document YAML stream into objects, failing on any YAML error. */
export function parseObjects(text: string, source: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`${source}: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) objects.push(value as K8sObject);
  }
  return objects;
}

const cache = new Map<string, K8sObject[]>();

/** Builds a kustomization given relative to k8s/ ("base", "overlays/kind") into its objects. */
export function build(target: string): K8sObject[] {
  const cached = cache.get(target);
  if (cached) return cached;
  const objects = parseObjects(runKustomize(join(prepareTree(), target)), `k8s/${target}`);
  cache.set(target, objects);
  return objects;
}
