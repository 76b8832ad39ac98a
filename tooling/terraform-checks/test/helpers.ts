import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHclFile, listFiles, type ParsedFile, parseHcl, repoRoot, terraformRoot } from '../src/hcl.ts';

export const MODULES = ['network', 'ecr', 'eks', 'redis', 'eks-environment', 'single-host', 'host-monitoring'].map(
  (name) => `terraform/modules/${name}`,
);
export const ENVIRONMENTS = ['single-host', 'staging', 'production'].map((name) => `terraform/envs/${name}`);
/** Root modules: each has its own state, backend and provider configuration. */
export const ROOTS = ['terraform/bootstrap', ...ENVIRONMENTS];

export const terraformPaths = listFiles(terraformRoot);

let parsed: Promise<ParsedFile[]> | undefined;

/** Every HCL file under terraform/, parsed once per test file. */
export function parsedTerraform(): Promise<ParsedFile[]> {
  parsed ??= Promise.all(
    terraformPaths.filter(isHclFile).map((path) => parseHcl(path, readFileSync(join(repoRoot, path), 'utf8'))),
  );
  return parsed;
}

/** Parses in-test HCL fixtures, keyed by their pretend path. */
export const fixture = (files: Record<string, string>): Promise<ParsedFile[]> =>
  Promise.all(Object.entries(files).map(([path, text]) => parseHcl(path, text)));
