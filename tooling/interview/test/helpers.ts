import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { parseCatalog } from '../src/catalog.ts';

/** The lines of a fixture file, joined (keeps annotation examples out of this file's own line starts). */
export const lines = (...content: string[]) => `${content.join('\n')}\n`;

/** A small catalog: two artifact topics, one talk topic, four questions over three documents. */
export const CATALOG = lines(
  'topics:',
  '  docker:',
  '    title: Docker images',
  '    keywords: [docker, dockerfile, image, container, multi-stage, base image]',
  '  kubernetes:',
  '    title: Kubernetes workloads',
  '    keywords: [kubernetes, pod, kubectl, manifest, scale]',
  '  behavioural:',
  '    title: Behavioural questions',
  '    keywords: [team, mentor, star]',
  'questions:',
  '  - id: docker-pin',
  '    question: Why pin the base image?',
  '    topic: docker',
  '    kind: artifact',
  '    sources:',
  '      - { doc: 000_aaa.txt, ref: Q1 }',
  '      - { doc: 001_bbb.txt, ref: "Docker Basics" }',
  '  - id: docker-multi-stage',
  '    question: What does a multi-stage build buy you?',
  '    topic: docker',
  '    kind: artifact',
  '    note: answered by the Node.js equivalent',
  '    sources:',
  '      - { doc: 000_aaa.txt, ref: Q2 }',
  '  - id: k8s-probes',
  '    question: How are pod probes tuned?',
  '    topic: kubernetes',
  '    kind: artifact',
  '    sources:',
  '      - { doc: 001_bbb.txt, ref: Q7 }',
  '  - id: behav-mentoring',
  '    question: How do you mentor juniors?',
  '    topic: behavioural',
  '    kind: talk',
  '    sources:',
  '      - { doc: 002_ccc.txt, ref: Q3 }',
);

export const catalog = () => parseCatalog(CATALOG).catalog;

/** A hundred words: a spoken answer of the length the checker accepts. */
export const SAY = Array.from({ length: 10 }, () => 'Pin the base image so every build is the same.').join(' ');

/** One spoken-answer section in the shape docs/interview/topics/<topic>.md uses. */
export const spokenSection = (id: string, shownIn: string, proof = 'apps/api/test/app.test.ts', script = 'test') =>
  lines(
    `## The question of ${id}`,
    '',
    `<!-- say: ${id} -->`,
    '',
    SAY,
    '',
    `Shown in [${shownIn}](../../../${shownIn}) · proved by [${proof}](../../../${proof}) in \`pnpm ${script}\``,
    '',
    '1. **Why not latest?** Because it changes between two builds of one commit.',
    '2. **How do updates arrive?** A bot opens a pull request and CI tests it.',
  );

/** A tree where every question is answered correctly. */
export const GOOD_TREE: Record<string, string> = {
  'docs/interview/questions.yaml': CATALOG,
  'apps/api/Dockerfile': lines(
    'FROM node:24.11.0-slim AS build',
    '# Q(docker-pin): Why pin the Docker base image to an exact version?',
    'RUN true',
    '',
    '# Q(docker-multi-stage): What does a multi-stage build leave out of the final image?',
    'FROM node:24.11.0-slim',
  ),
  'k8s/deployment.yaml': lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          # Q(k8s-probes): How are the startup, liveness and readiness probes of the Pods tuned?',
    '          readinessProbe: {}',
  ),
  'apps/api/src/server.ts': lines(
    'export const port = 3000;',
    '// Q(docker-pin): Which base image version does the container run?',
  ),
  'docs/interview/behavioural.md': lines(
    '# Behavioural answers',
    '',
    '## Mentoring the team',
    '',
    '<!-- answers: behav-mentoring -->',
    '',
    'Pairing, reviews and small tasks with a checker.',
  ),
  'package.json': JSON.stringify({ scripts: { test: 'vitest', 'test:kind': 'vitest' } }),
  'apps/api/test/app.test.ts': lines("it('works', () => {});"),
  'tests/kind/test/deploy.test.ts': lines("it('deploys', () => {});"),
  'docs/interview/topics/docker.md': `# Docker\n\n${spokenSection('docker-pin', 'apps/api/Dockerfile')}\n${spokenSection('docker-multi-stage', 'apps/api/Dockerfile')}`,
  'docs/interview/topics/kubernetes.md': spokenSection(
    'k8s-probes',
    'k8s/deployment.yaml',
    'tests/kind/test/deploy.test.ts',
    'test:kind',
  ),
  'docs/interview/topics/behavioural.md': spokenSection('behav-mentoring', 'docs/interview/behavioural.md'),
};

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Writes the files into a fresh temporary folder and returns its path. */
export function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'interview-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Like makeTree, then makes it a git repository with every file committed except `untracked`. */
export function makeGitTree(files: Record<string, string>, untracked: Record<string, string> = {}): string {
  const root = makeTree(files);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'fixture');
  for (const [path, content] of Object.entries(untracked)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
