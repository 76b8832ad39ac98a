import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../src/catalog.ts';
import { checkScan, coverageByDocument, judgeTopic } from '../src/check.ts';
import { scanRepo } from '../src/scan.ts';
import { CATALOG, catalog, GOOD_TREE, lines, makeTree } from './helpers.ts';

const check = (files: Record<string, string>) => checkScan(catalog(), scanRepo(makeTree(files)));
const kinds = (files: Record<string, string>) => check(files).problems.map((problem) => problem.kind);

describe('the rules on a fixture tree', () => {
  it('a tree where every question is answered passes', () => {
    expect(check(GOOD_TREE)).toEqual({ problems: [], warnings: [] });
  });

  it('fails on an id that is not in the catalog, naming the file and line', () => {
    const { problems } = check({
      ...GOOD_TREE,
      'scripts/up.sh': lines('#!/bin/sh', '# Q(docker-pinned): Which Docker image?'),
    });
    expect(problems).toEqual([
      {
        kind: 'unknown-id',
        file: 'scripts/up.sh',
        line: 2,
        id: 'docker-pinned',
        message: 'Q(docker-pinned) is not a question id of docs/interview/questions.yaml',
      },
    ]);
  });

  it('fails on an artifact question that no file annotates', () => {
    const { 'k8s/deployment.yaml': _, ...withoutK8s } = GOOD_TREE;
    const { problems } = check(withoutK8s);
    expect(problems.map(({ kind, id }) => [kind, id])).toEqual([['missing-artifact', 'k8s-probes']]);
  });

  it('fails on a talk question without an answer, and on an answer marker for an artifact question', () => {
    const problems = kinds({
      ...GOOD_TREE,
      'docs/interview/behavioural.md': lines('## Mentoring', '<!-- answers: docker-pin -->'),
    });
    expect(problems).toEqual(['misplaced-answer', 'missing-talk']);
  });

  it('fails on an annotation whose text contradicts its topic', () => {
    const { problems } = check({
      ...GOOD_TREE,
      'k8s/service.yaml': lines('# Q(k8s-probes): How does the Dockerfile check the container?'),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'contradiction', file: 'k8s/service.yaml', line: 1, id: 'k8s-probes' });
    expect(problems[0]?.message).toContain('docker (dockerfile, container)');
    expect(problems[0]?.message).toContain('no keyword of its topic kubernetes');
  });

  it('fails on an annotation without a question', () => {
    expect(kinds({ ...GOOD_TREE, 'a.tf': lines('# Q(docker-pin):') })).toEqual(['no-text']);
  });

  it('only warns when the text mentions no topic at all', () => {
    const result = check({ ...GOOD_TREE, 'a.tf': lines('# Q(docker-pin): Why write down the exact version?') });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toMatchObject([{ file: 'a.tf', line: 1, id: 'docker-pin' }]);
  });

  it('reports the problems of the catalog itself', () => {
    const broken = CATALOG.replace('topic: kubernetes', 'topic: k8s').replace('kind: talk', 'kind: chat');
    const parsed = parseCatalog(broken);
    expect(parsed.problems).toEqual([
      'docs/interview/questions.yaml: question k8s-probes names the unknown topic "k8s"',
      'docs/interview/questions.yaml: question behav-mentoring has kind "chat"; it must be artifact or talk',
    ]);
    expect(checkScan(parsed.catalog, scanRepo(makeTree(GOOD_TREE)), parsed.problems).problems[0]?.kind).toBe('catalog');
  });
});

describe('the topic rule', () => {
  const judge = (text: string, topic: string) => judgeTopic(text, topic, catalog());

  it('accepts any keyword of the own topic, by stem and in any case, even next to other topics', () => {
    expect(judge('How do you SCALE pods whose container image changed?', 'kubernetes')).toMatchObject({
      verdict: 'fits',
      own: ['pod', 'scale'],
      others: [{ topic: 'docker', keywords: ['image', 'container'] }],
    });
  });

  it('calls it a contradiction only when no own keyword is there and another topic is', () => {
    expect(judge('Which base images do the pods use?', 'docker').verdict).toBe('fits');
    expect(judge('Which probes do the pods use?', 'docker').verdict).toBe('contradicts');
    expect(judge('Which probes are there?', 'docker').verdict).toBe('vague');
  });
});

describe('coverage per source document', () => {
  it('counts the questions citing each document that have an annotation or talk answer', () => {
    const { 'k8s/deployment.yaml': _, ...withoutK8s } = GOOD_TREE;
    const coverage = coverageByDocument(catalog(), scanRepo(makeTree(withoutK8s)));
    expect(coverage).toEqual([
      { doc: '000_aaa.txt', answered: 2, total: 2 },
      { doc: '001_bbb.txt', answered: 1, total: 2 },
      { doc: '002_ccc.txt', answered: 1, total: 1 },
    ]);
  });

  it('does not count an id the catalog does not know, nor a question with nothing but a wrong marker', () => {
    const coverage = coverageByDocument(
      catalog(),
      scanRepo(
        makeTree({
          'docs/interview/questions.yaml': CATALOG,
          'a.sh': lines('# Q(k8s-probe): How are pod probes tuned?'),
          'docs/interview/talk.md': lines('<!-- answers: k8s-probes -->'),
        }),
      ),
    );
    expect(coverage.map(({ answered }) => answered)).toEqual([0, 0, 0]);
  });

  it('reads the real catalog into the five seed documents', () => {
    const real = parseCatalog(
      readFileSync(join(import.meta.dirname, '../../../docs/interview/questions.yaml'), 'utf8'),
    );
    expect(real.problems).toEqual([]);
    expect(
      coverageByDocument(real.catalog, { files: [], annotations: [], talkAnswers: [] }).map((row) => row.doc),
    ).toEqual([
      '000_ca5c98b3567d32b2.txt',
      '001_7e47b83a5e1095cd.txt',
      '002_6d2929f1151ccefc.txt',
      '003_46829d55e08746b6.txt',
      '004_d68ee8b5390c2b78.txt',
    ]);
  });
});
