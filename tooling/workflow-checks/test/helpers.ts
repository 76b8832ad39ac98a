import { localActionFiles, workflowFiles } from '../src/paths.ts';
import {
  asAction,
  asWorkflow,
  type CompositeAction,
  loadYamlFile,
  stepsOf,
  type Workflow,
  type YamlFile,
} from '../src/workflow.ts';
import { loadWorkspace } from '../src/workspace.ts';

export const workflowPaths = workflowFiles();
export const actionPaths = localActionFiles();

export const workflows: Array<{ path: string; file: YamlFile; workflow: Workflow }> = workflowPaths.map((path) => {
  const file = loadYamlFile(path);
  return { path, file, workflow: asWorkflow(file) };
});

export const actionFiles: Array<{ path: string; file: YamlFile; action: CompositeAction }> = actionPaths.map((path) => {
  const file = loadYamlFile(path);
  return { path, file, action: asAction(file) };
});

/** Local actions by folder, as `uses: ./<folder>` names them. */
export const localActions = new Map<string, CompositeAction>(
  actionFiles.map(({ path, action }) => [path.replace(/\/action\.ya?ml$/, ''), action]),
);

/** Every step of every workflow and local action. */
export const allSteps = [
  ...workflows.flatMap(({ path, workflow }) => stepsOf(path, workflow)),
  ...actionFiles.flatMap(({ path, action }) => stepsOf(path, action)),
];

export const workspace = loadWorkspace();

export function workflow(name: string): Workflow {
  const found = workflows.find(({ path }) => path.endsWith(`/${name}`));
  if (!found) throw new Error(`no workflow ${name} under .github/workflows`);
  return found.workflow;
}
