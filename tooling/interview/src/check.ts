// The rules: every annotation names a catalog question and says which question it answers
// in words that fit the question's topic; every artifact question is annotated somewhere;
// every talk question is answered in docs/interview/*.md.
import { CATALOG_PATH, type Catalog, citedDocuments } from './catalog.ts';
import { mentionedKeywords } from './keywords.ts';
import { type Annotation, MAP_PATH, type Scan, TALK_DIR, type TalkAnswer } from './scan.ts';

export type ProblemKind =
  | 'catalog'
  | 'unknown-id'
  | 'no-text'
  | 'contradiction'
  | 'misplaced-answer'
  | 'missing-artifact'
  | 'missing-talk'
  | 'spoken'
  | 'stale-map';

export interface Problem {
  kind: ProblemKind;
  message: string;
  file?: string;
  line?: number;
  id?: string;
}

export interface Warning {
  file: string;
  line: number;
  id: string;
  message: string;
}

export interface TopicJudgement {
  /**
   * fits: the text mentions a keyword of the question's topic.
   * contradicts: it mentions none of them, but a keyword of some other topic.
   * vague: it mentions no keyword of any topic (allowed, reported as a warning).
   */
  verdict: 'fits' | 'contradicts' | 'vague';
  /** Keywords of the question's own topic found in the text. */
  own: string[];
  /** Other topics whose keywords the text mentions, with those keywords, in catalog order. */
  others: Array<{ topic: string; keywords: string[] }>;
}

/**
 * Judges an annotation's text against the topic of its question. The rule, precisely: the
 * text contradicts the topic when it mentions no keyword of that topic and at least one
 * keyword of another topic. Words are compared case-insensitively by stem (see keywords.ts),
 * so "Scaling" matches the keyword "scale" and "Pods" matches "pod".
 */
export function judgeTopic(text: string, topicId: string, catalog: Catalog): TopicJudgement {
  const own = mentionedKeywords(text, catalog.topicById.get(topicId)?.keywords ?? []);
  const others = catalog.topics
    .filter((topic) => topic.id !== topicId)
    .map((topic) => ({ topic: topic.id, keywords: mentionedKeywords(text, topic.keywords) }))
    .filter((match) => match.keywords.length > 0);
  const verdict = own.length > 0 ? 'fits' : others.length > 0 ? 'contradicts' : 'vague';
  return { verdict, own, others };
}

/** The annotations whose id is in the catalog, grouped by id. */
export function annotationsById(catalog: Catalog, scan: Scan): Map<string, Annotation[]> {
  const byId = new Map<string, Annotation[]>();
  for (const annotation of scan.annotations) {
    if (!catalog.questionById.has(annotation.id)) continue;
    byId.set(annotation.id, [...(byId.get(annotation.id) ?? []), annotation]);
  }
  return byId;
}

/** The talk answers whose id is a talk question of the catalog, grouped by id. */
export function talkAnswersById(catalog: Catalog, scan: Scan): Map<string, TalkAnswer[]> {
  const byId = new Map<string, TalkAnswer[]>();
  for (const answer of scan.talkAnswers) {
    if (catalog.questionById.get(answer.id)?.kind !== 'talk') continue;
    byId.set(answer.id, [...(byId.get(answer.id) ?? []), answer]);
  }
  return byId;
}

/** The ids of the questions with at least one annotation or talk answer. */
export function answeredIds(catalog: Catalog, scan: Scan): Set<string> {
  return new Set([...annotationsById(catalog, scan).keys(), ...talkAnswersById(catalog, scan).keys()]);
}

export interface Result {
  problems: Problem[];
  warnings: Warning[];
}

const quote = (text: string) => `"${text.length > 100 ? `${text.slice(0, 97)}...` : text}"`;

/** Checks the annotations and talk answers of a scan against the catalog. */
export function checkScan(catalog: Catalog, scan: Scan, catalogProblems: readonly string[] = []): Result {
  const problems: Problem[] = catalogProblems.map((message) => ({ kind: 'catalog', message }));
  const warnings: Warning[] = [];

  for (const { file, line, id, text } of scan.annotations) {
    const question = catalog.questionById.get(id);
    const where = { file, line, id };
    if (!question) {
      problems.push({ kind: 'unknown-id', ...where, message: `Q(${id}) is not a question id of ${CATALOG_PATH}` });
      continue;
    }
    if (text === '') {
      problems.push({ kind: 'no-text', ...where, message: `Q(${id}): must be followed by the question it answers` });
      continue;
    }
    const judgement = judgeTopic(text, question.topic, catalog);
    const ownKeywords = catalog.topicById.get(question.topic)?.keywords ?? [];
    if (judgement.verdict === 'contradicts') {
      const elsewhere = judgement.others.map(({ topic, keywords }) => `${topic} (${keywords.join(', ')})`).join('; ');
      problems.push({
        kind: 'contradiction',
        ...where,
        message: `Q(${id}) ${quote(text)} mentions ${elsewhere} but no keyword of its topic ${question.topic} (${ownKeywords.join(', ')})`,
      });
    } else if (judgement.verdict === 'vague') {
      warnings.push({
        ...where,
        message: `Q(${id}) ${quote(text)} mentions no topic keyword; ${question.topic} has: ${ownKeywords.join(', ')}`,
      });
    }
  }

  for (const { file, line, id } of scan.talkAnswers) {
    const question = catalog.questionById.get(id);
    if (!question) {
      problems.push({
        kind: 'unknown-id',
        file,
        line,
        id,
        message: `answers ${id}, which is not a question id of ${CATALOG_PATH}`,
      });
    } else if (question.kind !== 'talk') {
      problems.push({
        kind: 'misplaced-answer',
        file,
        line,
        id,
        message: `answers ${id}, an artifact question: annotate the line that answers it with Q(${id}) instead`,
      });
    }
  }

  const annotated = annotationsById(catalog, scan);
  const talked = talkAnswersById(catalog, scan);
  for (const question of catalog.questions) {
    if (question.kind === 'artifact' && !annotated.has(question.id)) {
      problems.push({
        kind: 'missing-artifact',
        id: question.id,
        message: `${question.id} (${question.topic}): no file is annotated with it. ${question.question}`,
      });
    }
    if (question.kind === 'talk' && !annotated.has(question.id) && !talked.has(question.id)) {
      problems.push({
        kind: 'missing-talk',
        id: question.id,
        message: `${question.id}: no <!-- answers: ${question.id} --> marker in ${TALK_DIR}/*.md. ${question.question}`,
      });
    }
  }
  return { problems, warnings };
}

/** The problem reported when the map on disk differs from a fresh one. */
export const staleMapProblem = (): Problem => ({
  kind: 'stale-map',
  file: MAP_PATH,
  message: `${MAP_PATH} is out of date: run pnpm interview --write`,
});

export interface DocumentCoverage {
  doc: string;
  /** Questions citing the document that have at least one annotation or talk answer. */
  answered: number;
  /** Questions citing the document. */
  total: number;
}

/** Per source document: how many of the questions that cite it are answered. */
export function coverageByDocument(catalog: Catalog, scan: Scan): DocumentCoverage[] {
  const answered = answeredIds(catalog, scan);
  return citedDocuments(catalog).map((doc) => {
    const citing = catalog.questions.filter((question) => question.sources.some((source) => source.doc === doc));
    return { doc, answered: citing.filter((question) => answered.has(question.id)).length, total: citing.length };
  });
}

export const percent = (answered: number, total: number): string =>
  total === 0 ? '-' : `${Math.floor((answered / total) * 100)}%`;
