// docs/interview/questions.yaml, read and checked for shape: topics (id -> title and
// keywords) and questions (id, question, topic, kind, sources, optional note).
import { parse } from 'yaml';

export const CATALOG_PATH = 'docs/interview/questions.yaml';

export type QuestionKind = 'artifact' | 'talk';

export interface Topic {
  id: string;
  title: string;
  keywords: string[];
}

export interface SourceRef {
  doc: string;
  ref: string;
}

export interface Question {
  id: string;
  question: string;
  topic: string;
  kind: QuestionKind;
  sources: SourceRef[];
  note?: string;
}

export interface Catalog {
  /** In the order of the file. */
  topics: Topic[];
  /** In the order of the file. */
  questions: Question[];
  topicById: Map<string, Topic>;
  questionById: Map<string, Question>;
}

/** Question ids: lower-case words joined by hyphens (`docker-multi-stage`). */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value).trim() || undefined : undefined;

/** Parses the catalog; `problems` lists every entry that breaks the shape (those entries are left out or patched). */
export function parseCatalog(source: string): { catalog: Catalog; problems: string[] } {
  const problems: string[] = [];
  const report = (message: string) => problems.push(`${CATALOG_PATH}: ${message}`);
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    report(`is not valid YAML: ${(error as Error).message}`);
    data = {};
  }
  const root = isRecord(data) ? data : {};

  const topics: Topic[] = [];
  const rawTopics = isRecord(root.topics) ? root.topics : {};
  if (!isRecord(root.topics)) report('has no `topics:` mapping');
  for (const [id, raw] of Object.entries(rawTopics)) {
    const entry = isRecord(raw) ? raw : {};
    const title = text(entry.title);
    const keywords = Array.isArray(entry.keywords)
      ? entry.keywords.map(text).filter((keyword): keyword is string => keyword !== undefined)
      : [];
    if (!title) report(`topic ${id} has no title`);
    if (keywords.length === 0) report(`topic ${id} has no keywords`);
    topics.push({ id, title: title ?? id, keywords });
  }
  const topicById = new Map(topics.map((topic) => [topic.id, topic]));

  const questions: Question[] = [];
  const questionById = new Map<string, Question>();
  const rawQuestions = Array.isArray(root.questions) ? root.questions : [];
  if (!Array.isArray(root.questions)) report('has no `questions:` list');
  rawQuestions.forEach((raw, index) => {
    const entry = isRecord(raw) ? raw : {};
    const id = text(entry.id);
    const where = id ? `question ${id}` : `question #${index + 1}`;
    if (!id) {
      report(`${where} has no id`);
      return;
    }
    if (!ID_PATTERN.test(id)) report(`${where}: the id must be lower-case words joined by hyphens`);
    if (questionById.has(id)) {
      report(`${where} is listed twice`);
      return;
    }
    const question = text(entry.question);
    if (!question) report(`${where} has no question text`);
    const topic = text(entry.topic) ?? '';
    if (!topicById.has(topic)) report(`${where} names the unknown topic "${topic}"`);
    const kind = entry.kind === 'artifact' || entry.kind === 'talk' ? entry.kind : undefined;
    if (!kind) report(`${where} has kind "${String(entry.kind)}"; it must be artifact or talk`);
    const sources: SourceRef[] = [];
    for (const rawSource of Array.isArray(entry.sources) ? entry.sources : []) {
      const source = isRecord(rawSource) ? rawSource : {};
      const doc = text(source.doc);
      const ref = text(source.ref);
      if (doc && ref) sources.push({ doc, ref });
      else report(`${where} has a source without doc or ref`);
    }
    if (sources.length === 0) report(`${where} cites no source document`);
    const note = text(entry.note);
    const parsed: Question = { id, question: question ?? '', topic, kind: kind ?? 'artifact', sources };
    if (note) parsed.note = note;
    questions.push(parsed);
    questionById.set(id, parsed);
  });

  return { catalog: { topics, questions, topicById, questionById }, problems };
}

/** The source documents cited by the catalog, sorted by name. */
export function citedDocuments(catalog: Catalog): string[] {
  return [...new Set(catalog.questions.flatMap((question) => question.sources.map((source) => source.doc)))].sort();
}
