import { describe, expect, it } from 'vitest';
import { inspect } from '../src/run.ts';
import { parseSpokenPage, SPOKEN_WORDS } from '../src/spoken.ts';
import { GOOD_TREE, lines, makeTree, SAY, spokenSection } from './helpers.ts';

/** The spoken-answer problems of a tree, as "id: message" lines. */
const spokenProblems = (files: Record<string, string>) =>
  inspect(makeTree(files))
    .problems.filter((problem) => problem.kind === 'spoken')
    .map((problem) => problem.message);

const DOCKER_PAGE = 'docs/interview/topics/docker.md';
const withDockerPage = (...sections: string[]) => ({ ...GOOD_TREE, [DOCKER_PAGE]: sections.join('\n') });

describe('parseSpokenPage', () => {
  it('reads the answer, its links, the proof and both follow-ups, with paths from the repository root', () => {
    const [answer, ...rest] = parseSpokenPage(DOCKER_PAGE, spokenSection('docker-pin', 'apps/api/Dockerfile'));
    expect(rest).toEqual([]);
    expect(answer).toMatchObject({
      id: 'docker-pin',
      line: 3,
      words: 100,
      shownIn: ['apps/api/Dockerfile'],
      provedBy: { file: 'apps/api/test/app.test.ts', script: 'test' },
    });
    expect(answer?.followUps.map((followUp) => followUp.question)).toEqual([
      'Why not latest?',
      'How do updates arrive?',
    ]);
  });
});

describe('the spoken answers of a tree', () => {
  it('pass when every question has one of the right shape on its topic page', () => {
    expect(spokenProblems(GOOD_TREE)).toEqual([]);
  });

  it('name a question that has none, and the page it belongs on', () => {
    expect(spokenProblems(withDockerPage(spokenSection('docker-pin', 'apps/api/Dockerfile')))).toEqual([
      'docker-multi-stage: no spoken answer (<!-- say: docker-multi-stage --> in docs/interview/topics/docker.md)',
    ]);
  });

  it(`refuse an answer shorter than ${SPOKEN_WORDS.min} or longer than ${SPOKEN_WORDS.max} words`, () => {
    const short = spokenSection('docker-pin', 'apps/api/Dockerfile').replace(SAY, 'Pin it.');
    const long = spokenSection('docker-multi-stage', 'apps/api/Dockerfile').replace(SAY, `${SAY} ${SAY}`);
    expect(spokenProblems(withDockerPage(short, long))).toEqual([
      'docker-pin: 2 words; say it in 75 to 150',
      'docker-multi-stage: 200 words; say it in 75 to 150',
    ]);
  });

  it('need exactly two follow-ups, each with an answer', () => {
    const one = spokenSection('docker-pin', 'apps/api/Dockerfile').replace(/^2\..*$/m, '');
    const unanswered = spokenSection('docker-multi-stage', 'apps/api/Dockerfile').replace(
      'A bot opens a pull request and CI tests it.',
      '',
    );
    expect(spokenProblems(withDockerPage(one, unanswered))).toEqual([
      'docker-pin: needs exactly two follow-ups, each a bold question and its answer',
      'docker-multi-stage: needs exactly two follow-ups, each a bold question and its answer',
    ]);
  });

  it('link a file that carries the answer, and only files that exist', () => {
    const elsewhere = spokenSection('docker-pin', 'k8s/deployment.yaml');
    const missing = spokenSection('docker-multi-stage', 'apps/api/Dockerfile').replace(
      '](../../../apps/api/Dockerfile)',
      '](../../../apps/api/Dockerfile) and [gone](../../../gone.md)',
    );
    expect(spokenProblems(withDockerPage(elsewhere, missing))).toEqual([
      'docker-pin: "Shown in" must link a file that answers it (apps/api/Dockerfile, apps/api/src/server.ts)',
      'docker-multi-stage: links gone.md, which does not exist',
    ]);
  });

  it('are proved by an existing test file, in the pnpm script that runs its folder', () => {
    const notATest = spokenSection('docker-pin', 'apps/api/Dockerfile', 'apps/api/Dockerfile');
    const wrongScript = spokenSection(
      'docker-multi-stage',
      'apps/api/Dockerfile',
      'tests/kind/test/deploy.test.ts',
      'test',
    );
    const unknownScript = spokenSection('k8s-probes', 'k8s/deployment.yaml', 'tests/kind/test/deploy.test.ts', 'nope');
    expect(
      spokenProblems({
        ...withDockerPage(notATest, wrongScript),
        'docs/interview/topics/kubernetes.md': unknownScript,
      }),
    ).toEqual([
      'docker-pin: proved by apps/api/Dockerfile, which is not a test file of this repository',
      'docker-multi-stage: tests/kind/test/deploy.test.ts runs in pnpm test:kind',
      'k8s-probes: pnpm nope is not a script of package.json',
    ]);
  });

  it('belong on their own topic page, once, under a catalog id', () => {
    const files = {
      ...GOOD_TREE,
      'docs/interview/topics/kubernetes.md': lines(
        GOOD_TREE['docs/interview/topics/kubernetes.md'] ?? '',
        spokenSection('docker-pin', 'apps/api/Dockerfile'),
        spokenSection('k8s-probes', 'k8s/deployment.yaml', 'tests/kind/test/deploy.test.ts', 'test:kind'),
        spokenSection('k8s-nope', 'k8s/deployment.yaml'),
      ),
    };
    expect(spokenProblems(files)).toEqual([
      'docker-pin has a second spoken answer',
      'docker-pin belongs on docs/interview/topics/docker.md',
      'k8s-probes has a second spoken answer',
      'say: k8s-nope is not a question id of the catalog',
    ]);
  });
});
