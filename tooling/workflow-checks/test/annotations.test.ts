import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { annotationProblems, findAnnotations, parseCatalog } from '../src/annotations.ts';
import { questionsFile, readRepoFile, repoFiles } from '../src/paths.ts';
import { workflowPaths } from './helpers.ts';

const catalog = parseCatalog(readFileSync(questionsFile, 'utf8'));
const githubFiles = repoFiles().filter((file) => file.startsWith('.github/'));

/** The questions the CI/CD issue asks the pipeline to answer. */
const REQUIRED = [
  'cicd-ci-vs-cd',
  'cicd-delivery-vs-deployment',
  'cicd-github-actions-pipeline',
  'cicd-pipeline-stages',
  'cicd-automated-tests',
  'cicd-image-build-push',
  'cicd-environments-approval',
  'cicd-smoke-tests',
  'cicd-deploy-process',
  'cicd-rollback',
  'cicd-blue-green-canary',
  'cicd-gitops',
  'cicd-microservices-pipeline',
  'cicd-review-apps',
  'cicd-security-scanning',
  'tf-plan-in-ci',
  'tf-policy-as-code',
  'tf-drift',
  'secrets-leak-prevention',
  'docker-layer-caching',
];

describe('Q( annotations in .github', () => {
  it.each(workflowPaths)('%s carries annotations', (path) => {
    expect(findAnnotations(readRepoFile(path)).length).toBeGreaterThan(0);
  });

  it.each(githubFiles)('%s annotates only catalog ids, with a topic keyword', (path) => {
    expect(annotationProblems(path, readRepoFile(path), catalog)).toEqual([]);
  });

  it('answers every question the pipeline is meant to answer', () => {
    const answered = new Set(githubFiles.flatMap((path) => findAnnotations(readRepoFile(path)).map(({ id }) => id)));
    expect(REQUIRED.filter((id) => !answered.has(id))).toEqual([]);
  });

  it('says that the Python pipeline question is answered with Node.js and pnpm', () => {
    const texts = githubFiles.flatMap((path) =>
      findAnnotations(readRepoFile(path)).filter(({ id }) => id === 'cicd-github-actions-pipeline'),
    );
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every(({ text }) => /python/i.test(text) && /node/i.test(text))).toBe(true);
  });
});
