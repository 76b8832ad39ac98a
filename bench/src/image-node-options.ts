import { readFileSync } from 'node:fs';

const API_DOCKERFILE = new URL('../../apps/api/Dockerfile', import.meta.url);

/**
 * The NODE_OPTIONS the api image sets (its heap sizing), read from the Dockerfile so the
 * bench measures the api as it runs in production, not with V8's host-sized heap.
 */
export function imageNodeOptions(dockerfile = readFileSync(API_DOCKERFILE, 'utf8')): string {
  const options = /^\s*(?:ENV\s+)?NODE_OPTIONS="([^"]*)"/m.exec(dockerfile)?.[1];
  if (options === undefined) throw new Error('apps/api/Dockerfile sets no NODE_OPTIONS="..." for the bench to use');
  return options;
}
