// Terraform files as data: every .tf, .tfvars and .hcl file converted to JSON by HashiCorp's
// own HCL parser (compiled to WebAssembly in @cdktf/hcl2json), so the rules read the same
// structure Terraform does, with no provider download and no credentials.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** One HCL body as hcl2json returns it: blocks become arrays of bodies, expressions "${...}" strings. */
export type HclBody = Record<string, unknown>;

export interface ParsedFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  /** Directory of the file, relative to the repository root: one Terraform module. */
  dir: string;
  body: HclBody;
}

/** A broken rule: the file, the block or attribute that breaks it, and what is wrong. */
export interface Violation {
  file: string;
  name: string;
  message: string;
}

export const formatViolation = ({ file, name, message }: Violation): string => `${file}: ${name}: ${message}`;

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const terraformRoot = join(repoRoot, 'terraform');

const toPosix = (path: string): string => path.split(sep).join('/');

/** Every file under a directory, skipping Terraform's download folder, relative to the repository root. */
export function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => toPosix(relative(repoRoot, join(entry.parentPath, entry.name))))
    .filter((path) => !path.split('/').includes('.terraform'))
    .sort();
}

/** Files the HCL parser can read: configuration, variable files (and their examples), tool configs. */
export const isHclFile = (path: string): boolean => /\.(tf|tfvars|tfvars\.example|hcl)$/.test(path);

export const isTfvarsFile = (path: string): boolean => /\.tfvars(\.example)?$/.test(path);

/** Parses HCL text; the path only names the file in errors and in violations. */
export async function parseHcl(path: string, text: string): Promise<ParsedFile> {
  const body = (await parse(path, text)) as HclBody;
  return { path, dir: dirname(path), body };
}

export async function parseRepoFile(path: string): Promise<ParsedFile> {
  return parseHcl(path, readFileSync(join(repoRoot, path), 'utf8'));
}

// --- Navigating hcl2json's shape -------------------------------------------------------

export const isBody = (value: unknown): value is HclBody =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Nested blocks of one type (`ingress`, `metadata_options`, ...): hcl2json gives a list of bodies. */
export function nestedBlocks(body: HclBody, type: string): HclBody[] {
  const value = body[type];
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

export interface LabelledBlock {
  file: string;
  /** The block's labels joined by dots, as Terraform addresses it: aws_instance.host, var.name. */
  name: string;
  body: HclBody;
}

/** Blocks with one label: variable "x", output "x", module "x", provider "x". */
export function singleLabelBlocks(file: ParsedFile, type: string, prefix = type): LabelledBlock[] {
  const byLabel = file.body[type];
  if (!isBody(byLabel)) return [];
  return Object.entries(byLabel).flatMap(([label, bodies]) =>
    (Array.isArray(bodies) ? bodies : [bodies])
      .filter(isBody)
      .map((body) => ({ file: file.path, name: `${prefix}.${label}`, body })),
  );
}

/** Blocks with two labels: resource "type" "name", data "type" "name". */
export function doubleLabelBlocks(
  file: ParsedFile,
  type: 'resource' | 'data',
): Array<LabelledBlock & { kind: string }> {
  const byKind = file.body[type];
  if (!isBody(byKind)) return [];
  return Object.entries(byKind).flatMap(([kind, byName]) =>
    isBody(byName)
      ? Object.entries(byName).flatMap(([label, bodies]) =>
          (Array.isArray(bodies) ? bodies : [bodies]).filter(isBody).map((body) => ({
            file: file.path,
            kind,
            name: `${type === 'data' ? 'data.' : ''}${kind}.${label}`,
            body,
          })),
        )
      : [],
  );
}

export const resources = (file: ParsedFile) => doubleLabelBlocks(file, 'resource');

export const terraformBlocks = (file: ParsedFile): HclBody[] => nestedBlocks(file.body, 'terraform');

/** True for an expression Terraform evaluates ("${...}"), false for a literal. */
export const isExpression = (value: unknown): boolean => typeof value === 'string' && value.includes('${');
