import { describe, expect, it } from 'vitest';
import {
  checkoutProblems,
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
import { stepsOf, usesReferences } from '../src/workflow.ts';
import { actionFiles, localActions, workflows, workspace } from './helpers.ts';

const expand = (steps: Parameters<typeof expandLocalActions>[0]) => expandLocalActions(steps, localActions);

describe.each(workflows)('$path', ({ path, file, workflow }) => {
  const steps = stepsOf(path, workflow);

  it('pins every action to a commit SHA with a "# vX.Y.Z" comment', () => {
    const references = usesReferences(file);
    expect(references.length).toBeGreaterThan(0);
    expect(pinProblems(path, references)).toEqual([]);
  });

  it('gives every job a timeout-minutes', () => {
    expect(timeoutProblems(path, workflow)).toEqual([]);
  });

  it('has read-only top-level permissions; jobs raise only scopes they use', () => {
    expect(permissionProblems(path, workflow)).toEqual([]);
    expect(unusedWriteProblems(path, workflow, expand)).toEqual([]);
  });

  it('has a concurrency group that cancels only pull request runs, and queues deployments', () => {
    expect(concurrencyProblems(path, workflow)).toEqual([]);
  });

  it('checks out without persisting the token', () => {
    expect(checkoutProblems(steps)).toEqual([]);
  });

  it('keeps expressions and command tracing out of run scripts', () => {
    expect(runScriptProblems(steps)).toEqual([]);
  });

  it('calls only scripts, root scripts and paths that exist (shell scripts executable)', () => {
    expect(scriptReferenceProblems(steps, workspace)).toEqual([]);
  });

  it('hands actions and working-directory only paths that exist', () => {
    expect(stepPathProblems(steps)).toEqual([]);
  });

  it('calls local actions that exist, with their declared inputs', () => {
    expect(localActionProblems(steps, localActions)).toEqual([]);
  });
});

describe.each(actionFiles)('$path', ({ path, file, action }) => {
  const steps = stepsOf(path, action);

  it('pins every action to a commit SHA with a "# vX.Y.Z" comment', () => {
    expect(pinProblems(path, usesReferences(file))).toEqual([]);
  });

  it('keeps expressions and command tracing out of run scripts', () => {
    expect(runScriptProblems(steps)).toEqual([]);
  });

  it('calls only scripts and paths that exist', () => {
    expect(scriptReferenceProblems(steps, workspace)).toEqual([]);
    expect(stepPathProblems(steps)).toEqual([]);
  });

  it('gives every run step a shell (composite actions require it)', () => {
    expect(steps.filter(({ step }) => step.run !== undefined && !step.shell).map(({ label }) => label)).toEqual([]);
  });
});
