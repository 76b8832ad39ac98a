import { buildAndStart, tearDown } from '../../e2e/src/compose.ts';

/** Builds the images and starts the stack once; removes it, volumes included, at the end. */
export default async function setup() {
  await buildAndStart();
  return tearDown;
}
