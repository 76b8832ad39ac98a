import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CpuProfile, packageOf, profileToText, readProfileIn, summariseProfile } from '../src/profile.ts';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('summariseProfile', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)', '') },
      { id: 2, callFrame: frame('parse', 'file:///repo/node_modules/.pnpm/ajv@8.17.1/node_modules/ajv/dist/x.js', 9) },
      {
        id: 3,
        callFrame: frame('send', 'file:///repo/node_modules/.pnpm/@fastify+x@1.0.0/node_modules/@fastify/x/i.js'),
      },
      { id: 4, callFrame: frame('visit', 'file:///repo/apps/api/dist/links/link-service.js', 41) },
      { id: 5, callFrame: frame('writev', '') },
      { id: 6, callFrame: frame('', 'node:internal/streams/writable', 5) },
    ],
    samples: [1, 2, 2, 3, 4, 4, 4, 5, 6, 1],
    timeDeltas: [500, 100, 100, 100, 100, 100, 100, 200, 200, 1500],
  };

  it('ranks self time per function and per package, leaving idle time out of the shares', () => {
    const summary = summariseProfile(profile);
    expect(summary.busyMs).toBe(1);
    expect(summary.idleMs).toBe(2);
    expect(summary.functions.map(({ name, share }) => [name, share])).toEqual([
      ['visit link-service.js:42', 0.3],
      ['parse x.js:10', 0.2],
      ['writev', 0.2],
      ['(anonymous) writable:6', 0.2],
      ['send i.js:1', 0.1],
    ]);
    expect(summary.packages.map(({ name, ms }) => [name, ms])).toEqual([
      ['api', 0.3],
      ['ajv', 0.2],
      ['(V8 and native)', 0.2],
      ['node', 0.2],
      ['@fastify/x', 0.1],
    ]);
    expect(summariseProfile(profile, 2).functions).toHaveLength(2);
  });

  it('names packages by the folder under node_modules, scoped or not', () => {
    expect(packageOf('file:///r/node_modules/.pnpm/pino@10.4.0/node_modules/pino/lib/tools.js')).toBe('pino');
    expect(packageOf('file:///r/node_modules/@fastify/helmet/index.js')).toBe('@fastify/helmet');
    expect(packageOf('node:_http_outgoing')).toBe('node');
  });

  it('prints the busy time, the idle share and both rankings', () => {
    const text = profileToText(summariseProfile(profile));
    expect(text).toContain('busy 1 ms, idle 66.7% of the time');
    expect(text).toMatch(/self time by package[^\n]*\n\s+30\.0%\s+api\n/);
    expect(text).toMatch(/self time by function[^\n]*\n\s+30\.0%\s+visit link-service\.js:42\n/);
  });
});

describe('a profile written by node --cpu-prof', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is found in its folder and shows the function that burned the CPU on top', () => {
    const script = `
      function burnCpuForTheProfile() {
        let x = 0;
        const until = Date.now() + 400;
        while (Date.now() < until) x += Math.sqrt(x + 1);
        return x;
      }
      burnCpuForTheProfile();`;
    const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${folder}`, '-e', script]);
    expect(child.status).toBe(0);

    const { path, profile } = readProfileIn(folder);
    expect(path.startsWith(folder)).toBe(true);
    const [hottest] = summariseProfile(profile).functions;
    expect(hottest?.name).toMatch(/^burnCpuForTheProfile /);
    expect(hottest?.share).toBeGreaterThan(0.5);
  });

  it('is missing with a message that says what went wrong', () => {
    const empty = mkdtempSync(join(tmpdir(), 'bench-no-profile-'));
    try {
      expect(() => readProfileIn(empty)).toThrow(/expected one \.cpuprofile in .*found 0: did the api exit cleanly\?/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
