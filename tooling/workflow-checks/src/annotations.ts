// The repo's annotation convention: at the place that answers an interview question, a
// comment `Q(<id>): <the question in our own words>`, where <id> is a key of
// docs/interview/questions.yaml and the text uses a keyword of that question's topic.
import { parse } from 'yaml';

interface CatalogFile {
  topics: Record<string, { keywords: unknown[] }>;
  questions: Array<{ id: string; topic: string }>;
}

/** Question id -> its topic's keywords, lower case. */
export type Catalog = Map<string, string[]>;

export function parseCatalog(text: string): Catalog {
  const catalog = parse(text) as CatalogFile;
  return new Map(
    catalog.questions.map(({ id, topic }) => [
      id,
      (catalog.topics[topic]?.keywords ?? []).map((keyword) => String(keyword).toLowerCase()),
    ]),
  );
}

export interface Annotation {
  line: number;
  id: string;
  text: string;
}

// An id is letters, digits, - and _ (a placeholder such as Q(<id>) in prose is not an annotation).
const ANNOTATION = /Q\(([A-Za-z0-9_-]+)\):?\s*(.*)$/;

export function findAnnotations(source: string): Annotation[] {
  return source.split('\n').flatMap((content, index) => {
    const match = ANNOTATION.exec(content);
    return match ? [{ line: index + 1, id: match[1] ?? '', text: (match[2] ?? '').trim() }] : [];
  });
}

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when the keyword stands as a word (or phrase) of its own in the text. */
export const mentions = (text: string, keyword: string): boolean =>
  new RegExp(`(^|[^a-z0-9])${escapeRegExp(keyword)}($|[^a-z0-9])`).test(text.toLowerCase());

export function annotationProblems(path: string, source: string, catalog: Catalog): string[] {
  return findAnnotations(source).flatMap(({ line, id, text }) => {
    const keywords = catalog.get(id);
    if (!keywords) return [`${path}:${line}: Q(${id}) is not an id in docs/interview/questions.yaml`];
    if (text.length < 10) return [`${path}:${line}: Q(${id}) has no question after the colon`];
    if (!keywords.some((keyword) => mentions(text, keyword))) {
      return [`${path}:${line}: Q(${id}) uses none of its topic's keywords (${keywords.join(', ')})`];
    }
    return [];
  });
}
