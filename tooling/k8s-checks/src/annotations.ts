// The repo's annotation convention: a comment `Q(<id>): <question in our own words>` at the
// place that answers it, where <id> is a key of docs/interview/questions.yaml and the text
// uses a keyword of that question's topic.
import { parse } from 'yaml';

export interface QuestionCatalog {
  /** Question id -> keywords of its topic, lower case. */
  keywordsById: Map<string, string[]>;
}

interface CatalogFile {
  topics: Record<string, { keywords: string[] }>;
  questions: Array<{ id: string; topic: string }>;
}

export function parseQuestionCatalog(text: string): QuestionCatalog {
  const catalog = parse(text) as CatalogFile;
  const keywordsById = new Map<string, string[]>();
  for (const question of catalog.questions) {
    const keywords = catalog.topics[question.topic]?.keywords ?? [];
    keywordsById.set(
      question.id,
      keywords.map((keyword) => String(keyword).toLowerCase()),
    );
  }
  return { keywordsById };
}

export interface Annotation {
  line: number;
  id: string;
  text: string;
}

// An id is letters, digits, - and _ (a placeholder such as Q(<id>) in prose is not an annotation).
const ANNOTATION = /Q\(([A-Za-z0-9_-]+)\):?\s*(.*)$/;

export function findAnnotations(source: string): Annotation[] {
  const found: Annotation[] = [];
  source.split('\n').forEach((content, index) => {
    const match = ANNOTATION.exec(content);
    if (match) found.push({ line: index + 1, id: match[1] ?? '', text: (match[2] ?? '').trim() });
  });
  return found;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the keyword stands as a word (or phrase) of its own in the text. */
export function mentions(text: string, keyword: string): boolean {
  return new RegExp(`(^|[^a-z0-9])${escapeRegExp(keyword)}($|[^a-z0-9])`).test(text.toLowerCase());
}

export function annotationProblems(source: string, catalog: QuestionCatalog): string[] {
  return findAnnotations(source).flatMap(({ line, id, text }) => {
    const keywords = catalog.keywordsById.get(id);
    if (!keywords) return [`line ${line}: Q(${id}) is not an id in docs/interview/questions.yaml`];
    if (text.length < 10) return [`line ${line}: Q(${id}) has no question after the colon`];
    if (!keywords.some((keyword) => mentions(text, keyword))) {
      return [`line ${line}: Q(${id}) text uses none of its topic's keywords (${keywords.join(', ')})`];
    }
    return [];
  });
}
