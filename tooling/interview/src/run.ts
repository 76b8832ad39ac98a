// One run of the checker over a tree: load the catalog, scan, check, render the map,
// and (for the CLI) compare it with or write it to disk.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG_PATH, type Catalog, parseCatalog } from './catalog.ts';
import {
  answeredIds,
  checkScan,
  coverageByDocument,
  type DocumentCoverage,
  type Problem,
  percent,
  staleMapProblem,
  type Warning,
} from './check.ts';
import { renderMap } from './map.ts';
import { MAP_PATH, type Scan, scanRepo } from './scan.ts';
import { checkSpoken, readSpokenAnswers, rootScripts } from './spoken.ts';

/** The monorepo root, found from this file (tooling/interview/src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Report {
  catalog: Catalog;
  scan: Scan;
  problems: Problem[];
  warnings: Warning[];
  coverage: DocumentCoverage[];
  /** The map as it should be. */
  map: string;
  /** The map on disk, or null when there is none. */
  mapOnDisk: string | null;
}

/** Everything the checker knows about the tree at `root`, without writing anything. */
export function inspect(root: string): Report {
  const catalogFile = join(root, CATALOG_PATH);
  if (!existsSync(catalogFile)) throw new Error(`${CATALOG_PATH} not found under ${root}`);
  const { catalog, problems: catalogProblems } = parseCatalog(readFileSync(catalogFile, 'utf8'));
  const scan = scanRepo(root);
  const { problems, warnings } = checkScan(catalog, scan, catalogProblems);
  problems.push(...checkSpoken(root, catalog, scan, readSpokenAnswers(root), rootScripts(root)));
  const mapFile = join(root, MAP_PATH);
  return {
    catalog,
    scan,
    problems,
    warnings,
    coverage: coverageByDocument(catalog, scan),
    map: renderMap(catalog, scan),
    mapOnDisk: existsSync(mapFile) ? readFileSync(mapFile, 'utf8') : null,
  };
}

export type Mode = 'check' | 'write';

export interface Outcome {
  report: Report;
  /** The problems, including a stale map in check mode. */
  problems: Problem[];
  /** True when --write changed the file. */
  wrote: boolean;
  /** What the CLI prints. */
  output: string;
  exitCode: 0 | 1;
}

const HEADINGS: Record<Problem['kind'], string> = {
  catalog: 'Catalog problems',
  'unknown-id': 'Unknown question ids',
  'no-text': 'Annotations without a question',
  contradiction: "Annotations that contradict their question's topic",
  'misplaced-answer': 'Answer markers on artifact questions',
  'missing-artifact': 'Artifact questions with no annotation',
  'missing-talk': 'Talk questions with no answer',
  spoken: 'Spoken answers (docs/interview/topics) missing or malformed',
  'stale-map': 'Out-of-date map',
};

const place = (problem: { file?: string; line?: number }) =>
  problem.file ? `${problem.file}${problem.line ? `:${problem.line}` : ''}: ` : '';

/** Runs the checker: in check mode the map must be up to date; in write mode it is rewritten. */
export function run(root: string, mode: Mode): Outcome {
  const report = inspect(root);
  const problems = [...report.problems];
  let wrote = false;
  if (mode === 'write') {
    if (report.mapOnDisk !== report.map) {
      writeFileSync(join(root, MAP_PATH), report.map);
      wrote = true;
    }
  } else if (report.mapOnDisk !== report.map) {
    problems.push(staleMapProblem());
  }

  const { catalog, scan } = report;
  const answered = answeredIds(catalog, scan).size;
  const artifacts = catalog.questions.filter((question) => question.kind === 'artifact').length;
  const lines: string[] = [
    `Interview catalog: ${catalog.questions.length} questions (${artifacts} artifact, ${catalog.questions.length - artifacts} talk); ` +
      `${scan.annotations.length} annotations and ${scan.talkAnswers.length} talk answers in ${scan.files.length} files.`,
    '',
    'Coverage by source document (questions with an annotation or talk answer / questions citing it):',
  ];
  const width = Math.max(...report.coverage.map((row) => row.doc.length), 'all questions'.length);
  for (const { doc, answered: done, total } of report.coverage) {
    lines.push(`  ${doc.padEnd(width)}  ${`${done}/${total}`.padStart(7)}  ${percent(done, total).padStart(4)}`);
  }
  const total = catalog.questions.length;
  lines.push(
    `  ${'all questions'.padEnd(width)}  ${`${answered}/${total}`.padStart(7)}  ${percent(answered, total).padStart(4)}`,
  );

  if (report.warnings.length > 0) {
    lines.push('', `Warnings (${report.warnings.length}), not failures:`);
    for (const warning of report.warnings) lines.push(`  ${place(warning)}${warning.message}`);
  }
  for (const kind of Object.keys(HEADINGS) as Problem['kind'][]) {
    const ofKind = problems.filter((problem) => problem.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push('', `${HEADINGS[kind]} (${ofKind.length}):`);
    for (const problem of ofKind) lines.push(`  ${place(problem)}${problem.message}`);
  }
  lines.push('');
  if (mode === 'write') lines.push(wrote ? `Wrote ${MAP_PATH}.` : `${MAP_PATH} was already up to date.`);
  lines.push(problems.length === 0 ? 'interview: OK' : `interview: FAILED with ${problems.length} problems`);
  return { report, problems, wrote, output: `${lines.join('\n')}\n`, exitCode: problems.length === 0 ? 0 : 1 };
}
