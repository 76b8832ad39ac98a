// scripts/kind-lib.sh's save_image_archive against the real engine here, through the
// Docker API client and through Podman's own CLI (what podman-docker's `docker` wrapper
// runs): the archive kind loads must hold exactly the named image, under the name
// containerd gives the manifests' bare `shortly-api:0.1.0`.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.ts';

const IMAGE = 'shortly-kind-load-check:1';
const scratch = mkdtempSync(join(tmpdir(), 'kind-images-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A bin folder whose `docker` is Podman's CLI, as the podman-docker package makes it. */
const podmanBin = join(scratch, 'podman-bin');
mkdirSync(podmanBin);
writeFileSync(join(podmanBin, 'docker'), '#!/bin/sh\nexec podman "$@"\n');
chmodSync(join(podmanBin, 'docker'), 0o755);

describe.each([
  { cli: 'the Docker API client', path: process.env.PATH ?? '' },
  { cli: "Podman's CLI as docker", path: `${podmanBin}:${process.env.PATH}` },
])('save_image_archive with $cli', ({ cli, path }) => {
  const env = { ...process.env, PATH: path };
  const docker = (args: string[]) => execFileSync('docker', args, { env, encoding: 'utf8', stdio: 'pipe' }).trim();
  const folder = join(scratch, cli.replace(/\W+/g, '-'));
  const archive = join(folder, 'image.tar');
  let imageId = '';

  // Built by the same CLI, so the image gets that CLI's naming (localhost/ with Podman).
  beforeAll(() => {
    mkdirSync(folder);
    writeFileSync(join(folder, 'Dockerfile'), 'FROM debian:trixie-slim\nLABEL check=kind-load\n');
    docker(['build', '-q', '-t', IMAGE, folder]);
    imageId = docker(['image', 'inspect', '--format', '{{.Id}}', IMAGE]).replace(/^sha256:/, '');
    execFileSync('bash', ['-c', 'source scripts/kind-lib.sh && save_image_archive "$1" "$2"', 'save', IMAGE, archive], {
      cwd: repoRoot,
      env,
      stdio: 'pipe',
    });
  }, 180_000);
  afterAll(() => docker(['rmi', '--force', IMAGE, `docker.io/library/${IMAGE}`]));

  it('writes one image, the one named, as docker.io/library/<name>', () => {
    const entries = JSON.parse(execFileSync('tar', ['-xOf', archive, 'manifest.json'], { encoding: 'utf8' })) as Array<{
      Config: string;
      RepoTags: string[];
    }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]?.Config.replace(/^blobs\/sha256\/|\.json$/g, '')).toBe(imageId);
    // Docker writes docker.io/library names short; containerd reads both the same way.
    const names = (entries[0]?.RepoTags ?? []).map((tag) => (tag.includes('/') ? tag : `docker.io/library/${tag}`));
    expect(names).toEqual([`docker.io/library/${IMAGE}`]);
  });
});
