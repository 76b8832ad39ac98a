import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotationProblems, findAnnotations, parseQuestionCatalog } from '../src/annotations.ts';
import { filesUnder, k8sDir, questionsFile, repoRoot } from '../src/paths.ts';
import { kustomizationFieldProblems } from '../src/rules.ts';

const catalog = parseQuestionCatalog(readFileSync(questionsFile, 'utf8'));
const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

// secrets.env is the git-ignored file kind-up.sh writes; it is nobody's source.
const k8sFiles = filesUnder(k8sDir).filter((file) => !file.endsWith('/secrets.env'));
const manifests = k8sFiles.filter((file) => /\.ya?ml$/.test(file));
const kustomizations = manifests.filter((file) => /(^|\/)kustomization\.ya?ml$/.test(file));
const scripts = filesUnder(join(repoRoot, 'scripts')).filter((file) => /^scripts\/kind-[^/]*\.sh$/.test(file));

describe('source files under k8s/ and scripts/kind-*.sh', () => {
  it('finds the manifests and kustomizations', () => {
    expect(manifests.length).toBeGreaterThan(0);
    expect(kustomizations).toEqual(
      expect.arrayContaining([
        'k8s/base/kustomization.yaml',
        'k8s/overlays/kind/kustomization.yaml',
        'k8s/overlays/production/kustomization.yaml',
        'k8s/components/monitoring/kustomization.yaml',
      ]),
    );
  });

  it.each(kustomizations)('%s uses labels:, never commonLabels (or other deprecated fields)', (file) => {
    expect(kustomizationFieldProblems(read(file))).toEqual([]);
  });

  it.each(manifests)('%s carries a Q( annotation', (file) => {
    expect(findAnnotations(read(file)).length).toBeGreaterThan(0);
  });

  it.each([...k8sFiles, ...scripts])('%s annotates only catalog ids, with a topic keyword', (file) => {
    expect(annotationProblems(read(file), catalog)).toEqual([]);
  });
});
