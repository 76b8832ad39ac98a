import { describe, expect, it } from 'vitest';
import { imageNodeFlags, imageNodeOptions } from '../src/image-node-options.ts';

describe('imageNodeOptions', () => {
  it("reads the api image's heap sizing from its Dockerfile", () => {
    expect(imageNodeOptions()).toMatch(/--max-old-space-size=\d+/);
    expect(imageNodeOptions()).toMatch(/--max-semi-space-size=\d+/);
  });

  it('finds NODE_OPTIONS on its own line of a multi-line ENV or in an ENV of its own', () => {
    expect(imageNodeOptions('ENV NODE_ENV=production \\\n    NODE_OPTIONS="--max-old-space-size=64"\n')).toBe(
      '--max-old-space-size=64',
    );
    expect(imageNodeOptions('ENV NODE_OPTIONS="--a --b"\n')).toBe('--a --b');
  });

  it('fails with a clear message when the image sets none', () => {
    expect(() => imageNodeOptions('ENV NODE_ENV=production\n')).toThrow(/sets no NODE_OPTIONS/);
  });
});

describe('imageNodeFlags', () => {
  it("reads the node flags of the api image's CMD from its Dockerfile: none", () => {
    expect(imageNodeFlags()).toEqual([]);
  });

  it('returns the flags between node and the script, none when there are none', () => {
    expect(imageNodeFlags('CMD ["node", "--a", "--b=1", "dist/server.js"]\n')).toEqual(['--a', '--b=1']);
    expect(imageNodeFlags('CMD ["node", "dist/server.js"]\n')).toEqual([]);
  });

  it('fails with a clear message when the CMD is missing or does not run node', () => {
    expect(() => imageNodeFlags('ENTRYPOINT ["node"]\n')).toThrow(/has no CMD/);
    expect(() => imageNodeFlags('CMD ["bun", "dist/server.js"]\n')).toThrow(/is not \["node", \.\.\.flags, script\]/);
  });
});
