/// <reference types="node" />
// The performance budget: the JavaScript and CSS a first visit downloads must stay under
// 100 kB gzipped (zlib level 6, the usual "gzip size"). Runs after `vite build` and fails
// the build above the budget.
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

// kB as Vite prints them: 1 kB = 1000 bytes, so the budget is 100,000 bytes.
const BUDGET_BYTES = 100_000;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const assets = new URL('../dist/assets/', import.meta.url);

const print = (line: string) => process.stdout.write(`${line}\n`);
const files = (await readdir(assets)).filter((name) => /\.(js|css)$/.test(name)).sort();
let total = 0;
for (const name of files) {
  const gzipped = gzipSync(await readFile(new URL(name, assets)), { level: 6 }).length;
  total += gzipped;
  print(`  ${name.padEnd(32)} ${kB(gzipped).padStart(9)} gzip`);
}

const summary = `bundle: ${kB(total)} gzipped (js+css, ${files.length} files), budget ${kB(BUDGET_BYTES)}`;
if (files.length === 0 || total > BUDGET_BYTES) {
  console.error(
    files.length === 0 ? 'bundle: no .js or .css in dist/assets; did vite build run?' : `${summary}: OVER BUDGET`,
  );
  process.exit(1);
}
print(summary);
