import { describe, expect, it } from 'vitest';
import { containsKeyword, mentionedKeywords, stem, stems } from '../src/keywords.ts';

describe('stems', () => {
  it.each([
    ['scaling', 'scale'],
    ['scaled', 'scales'],
    ['images', 'image'],
    ['caching', 'cache'],
    ['routes', 'routing'],
    ['debugging', 'debug'],
    ['policies', 'policy'],
    ['Pods', 'pod'],
    ['restarting', 'restarts'],
  ])('%s and %s share a stem', (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  it.each([
    ['https', 'http'],
    ['start', 'star'],
    ['container', 'contain'],
  ])('%s and %s stay different', (a, b) => {
    expect(stem(a)).not.toBe(stem(b));
  });

  it('leaves short words and words with digits alone', () => {
    expect(['aws', 'ecs', 'k8s', 'ec2', 's3'].map(stem)).toEqual(['aws', 'ecs', 'k8s', 'ec2', 's3']);
  });

  it('splits on anything that is not a letter or a digit', () => {
    expect(stems('X-Forwarded-For, CI/CD & .env')).toEqual(['x', 'forward', 'for', 'ci', 'cd', 'env']);
  });
});

describe('keyword matching', () => {
  it('is case-insensitive and works on whole words only', () => {
    expect(mentionedKeywords('Which NGINX upstream?', ['nginx', 'upstream'])).toEqual(['nginx', 'upstream']);
    expect(mentionedKeywords('A podcast about everything', ['pod'])).toEqual([]);
  });

  it('matches a phrase only as the same words in a row', () => {
    expect(containsKeyword(stems('the base images we pin'), 'base image')).toBe(true);
    expect(containsKeyword(stems('an image with a base'), 'base image')).toBe(false);
    expect(containsKeyword(stems('zero downtime deploys'), 'zero-downtime')).toBe(true);
  });

  it('ignores empty keywords', () => {
    expect(mentionedKeywords('anything', ['', '  '])).toEqual([]);
  });
});
