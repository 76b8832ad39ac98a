import { describe, expect, it } from 'vitest';
import { findAnnotations, findTalkAnswers, headingAnchor, isSkipped, listFiles, scanRepo } from '../src/scan.ts';
import { GOOD_TREE, lines, makeGitTree, makeTree } from './helpers.ts';

describe('annotations in code and configuration', () => {
  it('finds # and // comments, with their line and text', () => {
    const found = findAnnotations(
      'x.ts',
      lines(
        'const a = 1;',
        '  // Q(docker-pin): Why pin the base image?',
        '# Q(k8s-probes):   How are probes tuned?  ',
      ),
    );
    expect(found).toEqual([
      { file: 'x.ts', line: 2, id: 'docker-pin', text: 'Why pin the base image?' },
      { file: 'x.ts', line: 3, id: 'k8s-probes', text: 'How are probes tuned?' },
    ]);
  });

  it('strips the end of block and HTML comments', () => {
    const found = findAnnotations(
      'index.html',
      lines('<!-- Q(docker-pin): Why pin the image? -->', '/* Q(k8s-probes): Which pod probes? */', ' * Q(a-b): x'),
    );
    expect(found.map(({ id, text }) => [id, text])).toEqual([
      ['docker-pin', 'Why pin the image?'],
      ['k8s-probes', 'Which pod probes?'],
      ['a-b', 'x'],
    ]);
  });

  it('keeps an annotation without text, so the rule can report it', () => {
    expect(findAnnotations('a.tf', lines('# Q(docker-pin):'))).toEqual([
      { file: 'a.tf', line: 1, id: 'docker-pin', text: '' },
    ]);
  });

  it('ignores Q( in code, strings, placeholders and comments that do not start with it', () => {
    const found = findAnnotations(
      'x.test.ts',
      lines(
        "const example = '# Q(docker-pin): not a comment';",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture is source code with a template literal
        '    `# Q(${id}): ${text}`,',
        '// A comment `Q(<id>): <question>` describes the convention.',
        '# Q(<id>): a placeholder',
        '# Q(docker-pin) no colon',
      ),
    );
    expect(found).toEqual([]);
  });
});

describe('annotations in Markdown', () => {
  it('finds them in table cells, stopping at the cell border', () => {
    const found = findAnnotations(
      'k8s/README.md',
      lines(
        '| Command | Question |',
        '| --- | --- |',
        '| `kubectl get pods \\| less` | Q(k8s-probes): Which probes does the pod have (`a | b`)? |',
      ),
    );
    expect(found).toEqual([
      { file: 'k8s/README.md', line: 3, id: 'k8s-probes', text: 'Which probes does the pod have (`a | b`)?' },
    ]);
  });

  it('skips code blocks, indented code and code spans', () => {
    const found = findAnnotations(
      'README.md',
      lines(
        'Every file says so in a comment such as',
        '',
        '    // Q(docker-pin): an indented example',
        '',
        '```yaml',
        '# Q(docker-pin): a fenced example',
        '```',
        'Write `# Q(docker-pin): ...` at the place that answers it.',
        'Prose Q(k8s-probes): How are the pod probes tuned? <!-- and a comment -->',
      ),
    );
    expect(found).toEqual([{ file: 'README.md', line: 9, id: 'k8s-probes', text: 'How are the pod probes tuned?' }]);
  });
});

describe('talk answers', () => {
  it('reads answer markers with the anchor of the heading above them', () => {
    const found = findTalkAnswers(
      'docs/interview/talk.md',
      lines(
        '# Talk',
        '## A hard problem, told with STAR',
        '<!-- answers: behav-a -->',
        '## Mentoring',
        '<!-- answers: behav-b, behav-c -->',
        '## Mentoring',
        '<!-- answer: behav-d -->',
      ),
    );
    expect(found.map(({ id, line, anchor }) => [id, line, anchor])).toEqual([
      ['behav-a', 3, 'a-hard-problem-told-with-star'],
      ['behav-b', 5, 'mentoring'],
      ['behav-c', 5, 'mentoring'],
      ['behav-d', 7, 'mentoring-1'],
    ]);
  });

  it('makes GitHub-style anchors', () => {
    expect(headingAnchor('Technical debt vs. feature work (2025)')).toBe('technical-debt-vs-feature-work-2025');
  });
});

describe('which files are read', () => {
  it('skips dependencies, build output, reports, lockfiles, the catalog and the map', () => {
    for (const path of [
      'node_modules/x/a.js',
      'apps/api/node_modules/x/a.js',
      'apps/api/dist/server.js',
      'reports/api.json',
      'pnpm-lock.yaml',
      'terraform/envs/x/.terraform.lock.hcl',
      'docs/interview/questions.yaml',
      'docs/interview/README.md',
    ]) {
      expect(isSkipped(path), path).toBe(true);
    }
    expect(isSkipped('docs/interview/behavioural.md')).toBe(false);
    expect(isSkipped('apps/api/src/dist.ts')).toBe(false);
  });

  it('walks a plain folder', () => {
    const root = makeTree({ ...GOOD_TREE, 'node_modules/pkg/index.js': '// Q(nope): ignored' });
    expect(listFiles(root)).toEqual([
      'apps/api/Dockerfile',
      'apps/api/src/server.ts',
      'apps/api/test/app.test.ts',
      'docs/interview/behavioural.md',
      'docs/interview/topics/behavioural.md',
      'docs/interview/topics/docker.md',
      'docs/interview/topics/kubernetes.md',
      'k8s/deployment.yaml',
      'package.json',
      'tests/kind/test/deploy.test.ts',
    ]);
  });

  it('in a git work tree, reads tracked and untracked files but not ignored ones', () => {
    const root = makeGitTree(
      { ...GOOD_TREE, '.gitignore': lines('secrets.env', 'build/') },
      {
        'new.sh': lines('# Q(docker-pin): A new, untracked Docker file'),
        'secrets.env': lines('# Q(unknown-one): ignored by git'),
        'build/out.js': lines('// Q(unknown-two): ignored by git'),
      },
    );
    const scan = scanRepo(root);
    expect(scan.files).toContain('new.sh');
    expect(scan.files).toContain('.gitignore');
    expect(scan.files).not.toContain('secrets.env');
    expect(scan.annotations.map((annotation) => annotation.id)).not.toContain('unknown-one');
    expect(scan.annotations.find((annotation) => annotation.file === 'new.sh')?.line).toBe(1);
  });

  it('skips binary files', () => {
    const root = makeTree({ 'logo.png': '\u0000PNG # Q(docker-pin): x' });
    expect(scanRepo(root).annotations).toEqual([]);
  });
});
