import { readFileSync } from 'node:fs';

const API_DOCKERFILE = new URL('../../apps/api/Dockerfile', import.meta.url);

const readDockerfile = () => readFileSync(API_DOCKERFILE, 'utf8');

/**
 * The NODE_OPTIONS the api image sets (its heap sizing), read from the Dockerfile so the
 * bench measures the api as it runs in production, not with V8's host-sized heap.
 */
export function imageNodeOptions(dockerfile = readDockerfile()): string {
  const options = /^\s*(?:ENV\s+)?NODE_OPTIONS="([^"]*)"/m.exec(dockerfile)?.[1];
  if (options === undefined) throw new Error('apps/api/Dockerfile sets no NODE_OPTIONS="..." for the bench to use');
  return options;
}

/**
 * The flags the image's CMD passes to node before the script (the V8 flags NODE_OPTIONS
 * refuses), so the bench starts the api with them too.
 */
export function imageNodeFlags(dockerfile = readDockerfile()): string[] {
  const command = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
  if (command === undefined) throw new Error('apps/api/Dockerfile has no CMD ["node", ...] for the bench to read');
  const [program, ...args] = JSON.parse(command) as string[];
  const script = args.findIndex((arg) => !arg.startsWith('-'));
  if (program !== 'node' || script === -1) {
    throw new Error(`apps/api/Dockerfile's CMD ${command} is not ["node", ...flags, script]`);
  }
  return args.slice(0, script);
}
