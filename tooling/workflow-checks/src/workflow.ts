// The parts of a workflow or composite action the rules read. The YAML Document is kept
// next to the plain object because a comment (the version after a pinned SHA) and the
// line of a value exist only in the Document.
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { readRepoFile } from './paths.ts';

export type Permissions = string | Record<string, string>;

export interface Concurrency {
  group?: string;
  'cancel-in-progress'?: boolean | string;
}

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'working-directory'?: string;
}

export interface Matrix {
  include?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  'runs-on'?: unknown;
  'timeout-minutes'?: number | string;
  permissions?: Permissions;
  concurrency?: string | Concurrency;
  environment?: string | { name: string; url?: string };
  strategy?: { matrix?: Matrix | string; 'fail-fast'?: boolean; 'max-parallel'?: number };
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  env?: Record<string, unknown>;
  steps?: Step[];
  /** A job that calls a reusable workflow has `uses` instead of steps. */
  uses?: string;
  with?: Record<string, unknown>;
}

export interface Workflow {
  name?: string;
  on?: unknown;
  permissions?: Permissions;
  concurrency?: string | Concurrency;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

export interface CompositeAction {
  name?: string;
  description?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  runs: { using: string; steps?: Step[] };
}

export interface YamlFile {
  /** Repo-relative path, e.g. .github/workflows/ci.yml. */
  path: string;
  text: string;
  document: Document;
  lineCounter: LineCounter;
}

export function parseYamlFile(path: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  return { path, text, document, lineCounter };
}

export const loadYamlFile = (path: string): YamlFile => parseYamlFile(path, readRepoFile(path));

/** YAML syntax errors of a file, as messages naming the file. */
export const syntaxProblems = (file: YamlFile): string[] =>
  file.document.errors.map((error) => `${file.path}: ${error.message}`);

export const asWorkflow = (file: YamlFile): Workflow => file.document.toJS() as Workflow;
export const asAction = (file: YamlFile): CompositeAction => file.document.toJS() as CompositeAction;

export interface UsesReference {
  /** Where it is, e.g. "jobs.build.steps[2]" or "jobs.deploy". */
  at: string;
  line: number;
  value: string;
  /** The comment after the value on the same line, without the #, trimmed; '' when none. */
  comment: string;
}

function lineOf(file: YamlFile, node: Node): number {
  return node.range ? file.lineCounter.linePos(node.range[0]).line : 0;
}

/** Every `uses:` of a workflow (job-level and step-level) or of a composite action, with its comment. */
export function usesReferences(file: YamlFile): UsesReference[] {
  const found: UsesReference[] = [];
  const fromMap = (map: unknown, at: string) => {
    if (!isMap(map)) return;
    const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === 'uses');
    if (!pair || !isScalar(pair.value)) return;
    found.push({
      at,
      line: lineOf(file, pair.value),
      value: String(pair.value.value),
      comment: (pair.value.comment ?? '').trim(),
    });
  };
  const fromSteps = (steps: unknown, at: string) => {
    if (!isSeq(steps)) return;
    steps.items.forEach((step, index) => {
      fromMap(step, `${at}.steps[${index}]`);
    });
  };
  const jobs = file.document.get('jobs');
  if (isMap(jobs)) {
    for (const item of jobs.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const at = `jobs.${String(item.key.value)}`;
      fromMap(item.value, at);
      if (isMap(item.value)) fromSteps(item.value.get('steps'), at);
    }
  }
  const runs = file.document.get('runs');
  if (isMap(runs)) fromSteps(runs.get('steps'), 'runs');
  return found;
}

export interface StepContext {
  /** e.g. "ci.yml jobs.test.steps[3] (Tests of every package)". */
  label: string;
  jobId: string | undefined;
  job: Job | undefined;
  step: Step;
}

const describeStep = (step: Step, index: number): string =>
  `steps[${index}]${step.name ? ` (${step.name})` : step.uses ? ` (${step.uses.split('@')[0]})` : ''}`;

/** Every step of a workflow's jobs, or of a composite action, with its job. */
export function stepsOf(path: string, content: Workflow | CompositeAction): StepContext[] {
  if ('runs' in content && content.runs) {
    return (content.runs.steps ?? []).map((step, index) => ({
      label: `${path} runs.${describeStep(step, index)}`,
      jobId: undefined,
      job: undefined,
      step,
    }));
  }
  const workflow = content as Workflow;
  return Object.entries(workflow.jobs ?? {}).flatMap(([jobId, job]) =>
    (job.steps ?? []).map((step, index) => ({
      label: `${path} jobs.${jobId}.${describeStep(step, index)}`,
      jobId,
      job,
      step,
    })),
  );
}

/** The event names a workflow runs on, whatever form `on:` takes. */
export function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

/** The values a matrix key takes, from its list and from `include` entries. */
export function matrixValues(job: Job | undefined, key: string): string[] {
  const matrix = job?.strategy?.matrix;
  if (!matrix || typeof matrix !== 'object') return [];
  const values = new Set<string>();
  const listed = matrix[key];
  if (Array.isArray(listed)) for (const value of listed) values.add(String(value));
  for (const entry of matrix.include ?? []) {
    if (entry[key] !== undefined) values.add(String(entry[key]));
  }
  return [...values];
}
