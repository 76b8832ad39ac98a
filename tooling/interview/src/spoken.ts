// The spoken answers: docs/interview/topics/<topic>.md holds, for every catalog question of
// that topic, a section a candidate can say in 30 to 60 seconds, the file that shows it, the
// test that proves it in CI, and the two follow-ups an interviewer is most likely to ask.
//
//   ## <the question>
//   <!-- say: <id> -->
//   <the answer, one paragraph>
//   Shown in [path](../../../path) · proved by [test file](../../../test file) in `pnpm <script>`
//   1. **<follow-up>?** <its answer>
//   2. **<follow-up>?** <its answer>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { Catalog } from './catalog.ts';
import type { Problem } from './check.ts';
import type { Scan } from './scan.ts';

export const SPOKEN_DIR = 'docs/interview/topics';

/** 30 to 60 seconds at about 150 spoken words a minute. */
export const SPOKEN_WORDS = { min: 75, max: 150 } as const;

export interface SpokenAnswer {
  id: string;
  file: string;
  line: number;
  words: number;
  /** Link targets of the "Shown in" line, from the repository root. */
  shownIn: string[];
  /** The test file and the pnpm script of the "proved by" part. */
  provedBy: { file: string; script: string } | null;
  followUps: Array<{ question: string; answer: string }>;
}

const MARKER = /^<!--\s*say:\s*([a-z0-9-]+)\s*-->$/;
const FOLLOW_UP = /^\d+\.\s+\*\*(.+?)\*\*\s*(.*)$/;
const LINK = /\]\(([^)\s]+)\)/g;

/** Which root script runs the tests of a folder (package.json: test, test:e2e, ...). */
const SCRIPT_BY_FOLDER: Array<[prefix: string, script: string]> = [
  ['tests/e2e/', 'test:e2e'],
  ['tests/browser/', 'test:browser'],
  ['tests/kind/', 'test:kind'],
  ['tooling/', 'test:infra'],
  ['apps/', 'test'],
  ['packages/', 'test'],
  ['bench/', 'test'],
];

const countWords = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

/** The sections of one topic page. `file` is relative to the repository root. */
export function parseSpokenPage(file: string, source: string): SpokenAnswer[] {
  const answers: SpokenAnswer[] = [];
  const lines = source.split('\n');
  const fromRoot = (target: string) => normalize(join(dirname(file), decodeURIComponent(target))).replaceAll('\\', '/');
  let current: SpokenAnswer | null = null;
  // The spoken paragraph runs from the marker to the "Shown in" line.
  let inParagraph = false;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const marker = MARKER.exec(line);
    if (marker) {
      current = { id: marker[1] ?? '', file, line: index + 1, words: 0, shownIn: [], provedBy: null, followUps: [] };
      answers.push(current);
      inParagraph = true;
      return;
    }
    if (!current || line.startsWith('#')) {
      if (line.startsWith('#')) current = null;
      return;
    }
    const answer: SpokenAnswer = current;
    if (line.startsWith('Shown in ')) {
      inParagraph = false;
      const [shown = '', proof = ''] = line.split(' · proved by ');
      answer.shownIn = [...shown.matchAll(LINK)].map((match) => fromRoot(match[1] ?? ''));
      const proofFile = [...proof.matchAll(LINK)][0]?.[1];
      const script = /in `pnpm ([\w:-]+)`/.exec(proof)?.[1];
      answer.provedBy = proofFile && script ? { file: fromRoot(proofFile), script } : null;
      return;
    }
    const followUp = FOLLOW_UP.exec(line);
    if (followUp) answer.followUps.push({ question: followUp[1] ?? '', answer: (followUp[2] ?? '').trim() });
    else if (inParagraph) answer.words += countWords(line);
  });
  return answers;
}

/** Every topic page under `root`. */
export function readSpokenAnswers(root: string): SpokenAnswer[] {
  const dir = join(root, SPOKEN_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .flatMap((name) => parseSpokenPage(`${SPOKEN_DIR}/${name}`, readFileSync(join(dir, name), 'utf8')));
}

/** Checks that every question has one spoken answer of the right shape, on its topic's page. */
export function checkSpoken(
  root: string,
  catalog: Catalog,
  scan: Scan,
  answers: SpokenAnswer[],
  scripts: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  const report = (answer: SpokenAnswer, message: string) =>
    problems.push({ kind: 'spoken', file: answer.file, line: answer.line, id: answer.id, message });
  const seen = new Set<string>();
  for (const answer of answers) {
    const question = catalog.questionById.get(answer.id);
    if (!question) {
      report(answer, `say: ${answer.id} is not a question id of the catalog`);
      continue;
    }
    if (seen.has(answer.id)) report(answer, `${answer.id} has a second spoken answer`);
    seen.add(answer.id);
    if (answer.file !== `${SPOKEN_DIR}/${question.topic}.md`) {
      report(answer, `${answer.id} belongs on ${SPOKEN_DIR}/${question.topic}.md`);
    }
    if (answer.words < SPOKEN_WORDS.min || answer.words > SPOKEN_WORDS.max) {
      report(answer, `${answer.id}: ${answer.words} words; say it in ${SPOKEN_WORDS.min} to ${SPOKEN_WORDS.max}`);
    }
    if (answer.followUps.length !== 2 || answer.followUps.some((followUp) => countWords(followUp.answer) < 5)) {
      report(answer, `${answer.id}: needs exactly two follow-ups, each a bold question and its answer`);
    }
    const where =
      question.kind === 'artifact'
        ? new Set(scan.annotations.filter((annotation) => annotation.id === answer.id).map(({ file }) => file))
        : new Set(scan.talkAnswers.filter((talk) => talk.id === answer.id).map(({ file }) => file));
    if (!answer.shownIn.some((file) => where.has(file))) {
      report(answer, `${answer.id}: "Shown in" must link a file that answers it (${[...where].join(', ') || 'none'})`);
    }
    for (const file of answer.shownIn) {
      if (!existsSync(join(root, file))) report(answer, `${answer.id}: links ${file}, which does not exist`);
    }
    const proof = answer.provedBy;
    if (!proof) {
      report(answer, `${answer.id}: needs "· proved by [a test file](...) in \`pnpm <script>\`"`);
    } else {
      if (!/\.test\.ts$/.test(proof.file) || !existsSync(join(root, proof.file))) {
        report(answer, `${answer.id}: proved by ${proof.file}, which is not a test file of this repository`);
      }
      const runner = SCRIPT_BY_FOLDER.find(([prefix]) => proof.file.startsWith(prefix))?.[1];
      if (!scripts.has(proof.script))
        report(answer, `${answer.id}: pnpm ${proof.script} is not a script of package.json`);
      else if (runner !== proof.script)
        report(answer, `${answer.id}: ${proof.file} runs in pnpm ${runner ?? '(none)'}`);
    }
  }
  for (const question of catalog.questions) {
    if (!seen.has(question.id)) {
      problems.push({
        kind: 'spoken',
        id: question.id,
        message: `${question.id}: no spoken answer (<!-- say: ${question.id} --> in ${SPOKEN_DIR}/${question.topic}.md)`,
      });
    }
  }
  return problems;
}

/** The root package.json's script names. */
export function rootScripts(root: string): Set<string> {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return new Set();
  const { scripts = {} } = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  return new Set(Object.keys(scripts));
}
