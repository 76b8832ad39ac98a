import { describe, expect, it } from 'vitest';
import { build } from '../src/kustomize.ts';
import { describeObject } from '../src/objects.ts';
import { overlayNames } from '../src/paths.ts';
import { schemaProblems } from '../src/schema.ts';

// The base must build on its own too: it is what every overlay starts from.
const targets = ['base', ...overlayNames().map((overlay) => `overlays/${overlay}`)];

describe.each(targets)('kubectl kustomize k8s/%s', (target) => {
  const objects = build(target);

  it('builds into objects that all live in the shortly namespace', () => {
    expect(objects.length).toBeGreaterThan(0);
    const stray = objects.filter((object) => object.kind !== 'Namespace' && object.metadata.namespace !== 'shortly');
    expect(stray.map(describeObject)).toEqual([]);
  });

  it('has no two objects of the same kind and name', () => {
    const keys = objects.map(describeObject);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it.each(objects.map((object) => [describeObject(object), object] as const))(
    '%s matches its Kubernetes schema',
    (_name, object) => {
      expect(schemaProblems(object)).toEqual([]);
    },
  );
});
