// Finds the answers in a repository: Q(id) annotations in any file, and the talk-answer
// markers of docs/interview/*.md.
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CATALOG_PATH } from './catalog.ts';

export const MAP_PATH = 'docs/interview/README.md';
export const TALK_DIR = 'docs/interview';

export interface Annotation {
  /** Path from the repository root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  id: string;
  /** The question in the author's words (may be empty, which is a problem). */
  text: string;
}

export interface TalkAnswer {
  file: string;
  line: number;
  id: string;
  /** GitHub's anchor of the heading the marker sits under, if any. */
  anchor: string | null;
  /** That heading's text. */
  heading: string | null;
}

export interface Scan {
  /** Every file that was read, sorted. */
  files: string[];
  /** Sorted by file, then line. */
  annotations: Annotation[];
  /** Sorted by file, then line. */
  talkAnswers: TalkAnswer[];
}

/** Folders never scanned, wherever they are. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'reports', '.git']);

/** Lockfiles: generated, and full of strings that are nobody's annotation. */
const LOCKFILES = new Set([
  'pnpm-lock.yaml',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'bun.lock',
  'bun.lockb',
  '.terraform.lock.hcl',
  'Cargo.lock',
  'go.sum',
  'poetry.lock',
  'Pipfile.lock',
  'Gemfile.lock',
  'composer.lock',
]);

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** True for paths the checker never reads: the skipped folders, lockfiles, the catalog and the generated map. */
export function isSkipped(path: string): boolean {
  if (path === MAP_PATH || path === CATALOG_PATH) return true;
  const segments = path.split('/');
  if (segments.slice(0, -1).some((segment) => SKIPPED_DIRS.has(segment))) return true;
  return LOCKFILES.has(basename(path));
}

/** Tracked plus untracked-but-not-ignored files, when `root` is the top of a git work tree. */
function gitFiles(root: string): string[] | null {
  const git = (args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  try {
    if (realpathSync(git(['rev-parse', '--show-toplevel']).trim()) !== realpathSync(root)) return null;
    return git(['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Every file under `root`, for a folder that is not a git work tree (test fixtures). */
function walkFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walkFiles(root, path);
    return entry.isFile() ? [path] : [];
  });
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The files to scan, relative to `root`, sorted: git's view when it is a work tree, else the folder's. */
export function listFiles(root: string): string[] {
  const files = gitFiles(root) ?? walkFiles(root);
  return [...new Set(files)].filter((path) => !isSkipped(path)).sort(byCodeUnits);
}

/** The text of a file, or null for what is not a readable text file (gone, a link, binary, huge). */
function readText(root: string, path: string): string | null {
  try {
    const stat = lstatSync(join(root, path));
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
    const bytes = readFileSync(join(root, path));
    if (bytes.subarray(0, 8000).includes(0)) return null;
    return bytes.toString('utf8');
  } catch {
    return null;
  }
}

/** What may stand between Q( and ): a real id; anything else (`<id>`, `${id}`) is a placeholder. */
const ANNOTATION_ID = /^[A-Za-z0-9_.-]+$/;

/**
 * An annotation outside Markdown is a comment line that starts with Q(id): after the comment
 * marker (# // /* * <!-- -- or ;). Code that merely contains the characters, such as a
 * string in a test, does not start a line with a comment marker, so it is not one.
 */
const COMMENT_ANNOTATION = /^\s*(?:#+|\/\/+|\/\*+|\*|<!--|--|;+)\s*Q\(([^()\s]*)\):(.*)$/;

const isMarkdown = (path: string) => /\.(md|markdown)$/i.test(path);

const cleanText = (text: string) =>
  text
    .replace(/\s*(\*\/|-->)\s*$/, '')
    .trim()
    .replace(/\s+/g, ' ');

/** Lines of a Markdown file that are prose: fenced and indented code blocks are blanked. */
function markdownProse(lines: string[]): string[] {
  let fence: { char: string; length: number } | null = null;
  let previousBlankOrCode = true;
  return lines.map((line) => {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (closing?.[1]?.[0] === fence.char && closing[1].length >= fence.length) fence = null;
      return '';
    }
    if (opening?.[1]) {
      fence = { char: opening[1][0] ?? '`', length: opening[1].length };
      return '';
    }
    const blank = line.trim() === '';
    const indentedCode = !blank && /^( {4}|\t)/.test(line) && previousBlankOrCode;
    previousBlankOrCode = blank || indentedCode;
    return indentedCode ? '' : line;
  });
}

/** Replaces inline code spans with spaces, so positions still match the original line. */
function maskCodeSpans(line: string): string {
  return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (span) => ' '.repeat(span.length));
}

/**
 * In Markdown, Q(id): may stand anywhere in prose or in a table cell (not in code). Its
 * text runs to the end of the cell (the next unescaped |), to an HTML comment's start or end, or to the end of the line.
 */
function markdownAnnotations(file: string, lines: string[]): Annotation[] {
  const found: Annotation[] = [];
  markdownProse(lines).forEach((prose, index) => {
    if (!prose.includes('Q(')) return;
    const masked = maskCodeSpans(prose);
    for (const match of masked.matchAll(/(?<![A-Za-z0-9])Q\(([^()\s]*)\):/g)) {
      const id = match[1] ?? '';
      if (!ANNOTATION_ID.test(id)) continue;
      const start = match.index + match[0].length;
      let end = prose.length;
      const rest = masked.slice(start);
      const comment = /<!--|-->/.exec(rest);
      if (comment) end = Math.min(end, start + comment.index);
      if (masked.trimStart().startsWith('|')) {
        const cell = /(?<!\\)\|/.exec(rest);
        if (cell) end = Math.min(end, start + cell.index);
      }
      found.push({ file, line: index + 1, id, text: cleanText(prose.slice(start, end)) });
    }
  });
  return found;
}

/** The Q(id) annotations of one file. */
export function findAnnotations(file: string, content: string): Annotation[] {
  const lines = content.split(/\r?\n/);
  if (isMarkdown(file)) return markdownAnnotations(file, lines);
  const found: Annotation[] = [];
  lines.forEach((line, index) => {
    const match = COMMENT_ANNOTATION.exec(line);
    const id = match?.[1] ?? '';
    if (match && ANNOTATION_ID.test(id)) found.push({ file, line: index + 1, id, text: cleanText(match[2] ?? '') });
  });
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** True for the Markdown files that hold talk answers: docs/interview/*.md, the map excepted. */
export const isTalkFile = (path: string): boolean =>
  path !== MAP_PATH &&
  path.startsWith(`${TALK_DIR}/`) &&
  !path.slice(TALK_DIR.length + 1).includes('/') &&
  isMarkdown(path);

/** The `<!-- answers: id, id -->` markers of a talk-answer file, each with the heading above it. */
export function findTalkAnswers(file: string, content: string): TalkAnswer[] {
  const found: TalkAnswer[] = [];
  const seen = new Map<string, number>();
  let heading: { text: string; anchor: string } | null = null;
  markdownProse(content.split(/\r?\n/)).forEach((line, index) => {
    const title = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (title !== undefined) {
      const base = headingAnchor(title.replace(/[`*]/g, ''));
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      heading = { text: title, anchor: count === 0 ? base : `${base}-${count}` };
    }
    for (const match of maskCodeSpans(line).matchAll(/<!--\s*answers?:\s*([\s\S]*?)\s*-->/g)) {
      for (const id of (match[1] ?? '').split(/[\s,]+/).filter(Boolean)) {
        found.push({ file, line: index + 1, id, anchor: heading?.anchor ?? null, heading: heading?.text ?? null });
      }
    }
  });
  return found;
}

const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }) =>
  byCodeUnits(a.file, b.file) || a.line - b.line;

/** Reads the given files (paths from `root`) and collects their annotations and talk answers. */
export function scanFiles(root: string, files: readonly string[]): Scan {
  const read: string[] = [];
  const annotations: Annotation[] = [];
  const talkAnswers: TalkAnswer[] = [];
  for (const file of files) {
    const content = readText(root, file);
    if (content === null) continue;
    read.push(file);
    if (content.includes('Q(')) annotations.push(...findAnnotations(file, content));
    if (isTalkFile(file)) talkAnswers.push(...findTalkAnswers(file, content));
  }
  return {
    files: read.sort(byCodeUnits),
    annotations: annotations.sort(byPlace),
    talkAnswers: talkAnswers.sort(byPlace),
  };
}

/** Scans the repository (or fixture tree) at `root`. */
export function scanRepo(root: string): Scan {
  return scanFiles(root, listFiles(root));
}
