// The repository's annotation convention: at the place that answers an interview question,
// a comment `Q(<id>): <the question in our own words>`, where <id> is a key of
// docs/interview/questions.yaml and the question mentions a keyword of the id's topic.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, type Violation } from './hcl.ts';

export interface Question {
  id: string;
  topic: string;
  kind: string;
  /** The topic's keywords, lower case. */
  keywords: string[];
}

interface CatalogFile {
  topics: Record<string, { keywords: unknown[] }>;
  questions: Array<{ id: string; topic: string; kind: string }>;
}

export function parseCatalog(text: string): Map<string, Question> {
  const catalog = parse(text) as CatalogFile;
  return new Map(
    catalog.questions.map(({ id, topic, kind }) => [
      id,
      {
        id,
        topic,
        kind,
        keywords: (catalog.topics[topic]?.keywords ?? []).map((keyword) => String(keyword).toLowerCase()),
      },
    ]),
  );
}

export const loadCatalog = (): Map<string, Question> =>
  parseCatalog(readFileSync(join(repoRoot, 'docs', 'interview', 'questions.yaml'), 'utf8'));

export interface Annotation {
  file: string;
  line: number;
  id: string;
  text: string;
}

/** Annotations in # or // comments (Terraform, HCL, YAML templates, TypeScript). */
const ANNOTATION = /^\s*(?:#|\/\/)\s*Q\(([^)]*)\):\s*(.*)$/;

export function findAnnotations(file: string, text: string): Annotation[] {
  return text.split('\n').flatMap((content, index) => {
    const match = ANNOTATION.exec(content);
    return match ? [{ file, line: index + 1, id: match[1] ?? '', text: (match[2] ?? '').trim() }] : [];
  });
}

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The keyword appears as a word or phrase of its own, not inside a longer word. */
export const mentionsKeyword = (text: string, keyword: string): boolean =>
  new RegExp(`(^|[^a-z0-9])${escapeForRegExp(keyword)}([^a-z0-9]|$)`).test(text.toLowerCase());

/** Each annotation names an artifact question of the catalog and mentions a keyword of its topic. */
export function checkAnnotations(annotations: Annotation[], catalog: Map<string, Question>): Violation[] {
  return annotations.flatMap(({ file, line, id, text }) => {
    const where = `line ${line}: Q(${id})`;
    const question = catalog.get(id);
    if (!question) return [{ file, name: where, message: 'is not an id of docs/interview/questions.yaml' }];
    if (question.kind !== 'artifact')
      return [{ file, name: where, message: `is a ${question.kind} question, not answered by a file` }];
    if (!text.endsWith('?')) return [{ file, name: where, message: 'must be followed by the question' }];
    return question.keywords.some((keyword) => mentionsKeyword(text, keyword))
      ? []
      : [
          {
            file,
            name: where,
            message: `mentions none of the ${question.topic} keywords (${question.keywords.join(', ')})`,
          },
        ];
  });
}
