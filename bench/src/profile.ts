import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  /** The node that was on top of the stack at each sample. */
  readonly samples: readonly number[];
  /** Microseconds since the previous sample. */
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (not idle) time. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly functions: readonly SelfTime[];
  readonly packages: readonly SelfTime[];
}

const IDLE = '(idle)';

/** The npm package a script belongs to, `node` for Node's own, `api` for the service's build. */
export function packageOf(url: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency?.[1]) return dependency[1];
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/apps/api/')) return 'api';
  return url === '' ? '(V8 and native)' : url;
}

function ranked(totals: Map<string, number>, busyMicros: number, top: number): SelfTime[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: busyMicros > 0 ? micros / busyMicros : 0 }));
}

// Q(troubleshoot-performance): How do you diagnose why requests are slow?
// Traces and the latency metrics name the slow service and route; a CPU profile of that
// service under a realistic load names the code. Self time per function and per package
// are the widest bars of the flame graph; the flame graph itself is the `.cpuprofile`,
// opened in Chrome DevTools (Performance, "Load profile"), VS Code or speedscope.
export function summariseProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = frames.get(id);
    if (!frame || frame.functionName === IDLE) {
      idle += micros;
      return;
    }
    busy += micros;
    const file = frame.url.split('/').at(-1) ?? '';
    const fn = frame.functionName || '(anonymous)';
    const name = file ? `${fn} ${file}:${frame.lineNumber + 1}` : fn;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const pkg = packageOf(frame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
  });
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    functions: ranked(byFunction, busy, top),
    packages: ranked(byPackage, busy, top),
  };
}

/** The only `.cpuprofile` in a folder: each profiled run writes into a folder of its own. */
export function readProfileIn(folder: string): { path: string; profile: CpuProfile } {
  const files = readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length !== 1 || !files[0]) {
    throw new Error(`expected one .cpuprofile in ${folder}, found ${files.length}: did the api exit cleanly?`);
  }
  const path = join(folder, files[0]);
  return { path, profile: JSON.parse(readFileSync(path, 'utf8')) as CpuProfile };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export function profileToText(summary: ProfileSummary): string {
  const table = (title: string, rows: readonly SelfTime[]) =>
    [`${title}:`, ...rows.map((row) => `  ${percent(row.share).padStart(6)}  ${row.name}`)].join('\n');
  const total = summary.busyMs + summary.idleMs;
  return [
    `api CPU profile of the whole run (start, seeding, every scenario): busy ${Math.round(summary.busyMs)} ms, idle ${percent(total > 0 ? summary.idleMs / total : 0)} of the time`,
    table('self time by package (share of busy time)', summary.packages),
    table('self time by function', summary.functions),
  ].join('\n');
}
