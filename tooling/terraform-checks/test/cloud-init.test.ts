import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRepoFile, repoRoot } from '../src/hcl.ts';
import { isSecretName } from '../src/rules.ts';
import { evaluate, terraformVersion } from '../src/terraform.ts';

// The single host's first-boot configuration, rendered by Terraform's own templatefile
// with the arguments main.tf passes, then checked as cloud-init and as shell.
const TEMPLATE = 'terraform/modules/single-host/cloud-init.yaml.tftpl';
const templateText = readFileSync(join(repoRoot, TEMPLATE), 'utf8');
const AGENT_CONFIG = 'terraform/modules/single-host/cloudwatch-agent.json';
/** The image .ci/run asks the container engine for; apt-get there is Debian's own. */
const DEBIAN_IMAGE = 'debian:trixie-slim';

const SAMPLE_VALUES: Record<string, string> = {
  region: 'eu-west-1',
  redis_secret_arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shortly-single-host/redis-password-AbCdEf',
  data_volume_device: 'nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0',
  repository_url: 'https://git.example.com/shortly/shortly.git',
  git_ref: 'v1.2.3',
  public_base_url: 'http://203.0.113.10',
};

/**
 * Arguments given as Terraform expressions rather than strings: the agent config is read
 * with file(), as main.tf does, because its own ${aws:InstanceId} placeholders would be
 * interpolated inside a quoted string.
 */
const SAMPLE_EXPRESSIONS: Record<string, string> = {
  cloudwatch_agent_config: `file(${JSON.stringify(join(repoRoot, AGENT_CONFIG))})`,
};

/** Names the template reads: every identifier inside ${...} that is not a function being called. */
const templateVariables = (text: string): string[] => [
  ...new Set(
    [...text.matchAll(/\$\{([^}]*)\}/g)].flatMap((match) =>
      [...(match[1] ?? '').matchAll(/\b([A-Za-z_]\w*)\b(?!\s*\()/g)].map((name) => name[1] ?? ''),
    ),
  ),
];

/** Names of the arguments main.tf passes to templatefile for the user data. */
async function templateArguments(): Promise<string[]> {
  const main = await parseRepoFile('terraform/modules/single-host/main.tf');
  const instance = (main.body.resource as Record<string, Record<string, Array<Record<string, unknown>>>>).aws_instance
    ?.host?.[0];
  const userData = String(instance?.user_data ?? '');
  expect(userData).toContain('cloud-init.yaml.tftpl');
  return [...userData.matchAll(/^\s*(\w+)\s*=/gm)].map((match) => match[1] ?? '');
}

describe('the single host cloud-init template', () => {
  let argumentsPassed: string[];
  beforeAll(async () => {
    argumentsPassed = await templateArguments();
  });

  it('gets exactly the variables it uses from main.tf, and none of them is a secret', () => {
    expect([...argumentsPassed].sort()).toEqual(templateVariables(templateText).sort());
    expect(argumentsPassed.filter(isSecretName)).toEqual([]);
  });

  describe(`rendered by terraform (${terraformVersion()})`, () => {
    let rendered: string;
    let config: {
      write_files: Array<{ path: string; content: string; permissions?: string }>;
      runcmd: unknown[];
    };

    beforeAll(() => {
      const values = argumentsPassed.map((name) => {
        const expression = SAMPLE_EXPRESSIONS[name];
        if (expression !== undefined) return `${name} = ${expression}`;
        const value = SAMPLE_VALUES[name];
        if (value === undefined) throw new Error(`no sample value for template variable ${name}`);
        return `${name} = ${JSON.stringify(value)}`;
      });
      const { status, stdout, stderr } = evaluate(
        `base64encode(templatefile(${JSON.stringify(join(repoRoot, TEMPLATE))}, { ${values.join(', ')} }))`,
      );
      expect(stderr).toBe('');
      expect(status).toBe(0);
      rendered = Buffer.from(stdout.trim().replace(/^"|"$/g, ''), 'base64').toString('utf8');
      config = parse(rendered);
    });

    it('is a cloud-config document that runs the provisioning script', () => {
      expect(rendered.startsWith('#cloud-config\n')).toBe(true);
      expect(config.runcmd).toEqual([['/usr/local/sbin/shortly-provision']]);
      expect(config.write_files.map((file) => file.path)).toContain('/usr/local/sbin/shortly-provision');
    });

    it('starts the Compose stack from a systemd unit that comes back after a reboot', () => {
      const unit = config.write_files.find((file) => file.path === '/etc/systemd/system/shortly.service')?.content;
      expect(unit).toMatch(/^Requires=docker\.service$/m);
      expect(unit).toMatch(/^ExecStartPre=\/usr\/local\/sbin\/shortly-write-env$/m);
      expect(unit).toMatch(/^ExecStart=\/usr\/bin\/docker compose up --detach/m);
      expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
      const provision = config.write_files.find((file) => file.path === '/usr/local/sbin/shortly-provision')?.content;
      expect(provision).toContain('systemctl enable --now shortly.service');
    });

    it('checks out the pinned ref and publishes the web service on port 80', () => {
      const checkout = config.write_files.find((file) => file.path === '/usr/local/sbin/shortly-checkout')?.content;
      expect(checkout).toContain("fetch -q --depth 1 origin 'v1.2.3'");
      const writeEnv = config.write_files.find((file) => file.path === '/usr/local/sbin/shortly-write-env')?.content;
      expect(writeEnv).toMatch(/^WEB_PORT=80$/m);
      expect(writeEnv).toMatch(/^SHORTLY_VERSION=v1\.2\.3$/m);
    });

    it('writes only .env variables that compose.yaml reads', () => {
      const writeEnv = config.write_files.find((file) => file.path === '/usr/local/sbin/shortly-write-env')?.content;
      const keys = [...String(writeEnv).matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
      expect(keys).toEqual(['SHORTLY_VERSION', 'WEB_PORT', 'PUBLIC_BASE_URL', 'REDIS_PASSWORD']);
      const compose = readFileSync(join(repoRoot, 'compose.yaml'), 'utf8');
      expect(keys.filter((key) => !compose.includes(`\${${key}:-`))).toEqual([]);
    });

    it('holds no secret: the Redis password is read from Secrets Manager at start', () => {
      const writeEnv = config.write_files.find((file) => file.path === '/usr/local/sbin/shortly-write-env')?.content;
      expect(writeEnv).toContain(`--secret-id '${SAMPLE_VALUES.redis_secret_arn}'`);
      expect(writeEnv).toMatch(/^REDIS_PASSWORD=\$password$/m);
      expect(rendered).not.toMatch(/REDIS_PASSWORD=(?!\$password)/);
    });

    it('writes the CloudWatch agent config unchanged, and installs the agent only with a valid signature', () => {
      const configFile = config.write_files.find((file) => file.path === '/etc/shortly/cloudwatch-agent.json');
      expect(JSON.parse(String(configFile?.content))).toEqual(
        JSON.parse(readFileSync(join(repoRoot, AGENT_CONFIG), 'utf8')),
      );
      const install = config.write_files.find(
        (file) => file.path === '/usr/local/sbin/shortly-install-cloudwatch-agent',
      )?.content;
      // The fingerprint AWS documents for the agent's signing key.
      expect(install).toContain('fingerprint=937616F3450B7D806CBD9725D58167303B789C72');
      expect(install).toMatch(/VALIDSIG .*\$fingerprint" <<<"\$status" \|\|\n\s+\{ echo .*; exit 1; \}/);
      expect(install).toMatch(
        /amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \\\n\s+-c file:\/etc\/shortly\/cloudwatch-agent\.json$/m,
      );
      expect(install).toMatch(/^systemctl enable amazon-cloudwatch-agent\.service$/m);
    });

    it('starts the agent before the stack is built, and a failed agent install does not stop the stack', () => {
      const provision = String(
        config.write_files.find((file) => file.path === '/usr/local/sbin/shortly-provision')?.content,
      );
      const agent = provision.indexOf('/usr/local/sbin/shortly-install-cloudwatch-agent ||');
      expect(agent).toBeGreaterThan(provision.indexOf('apt-get -q -y install'));
      expect(agent).toBeLessThan(provision.indexOf('systemctl enable --now shortly.service'));
      expect(provision).toMatch(/^apt-get -q -y install .*\bcurl\b.*\bgnupg\b/m);
    });

    // Real apt-get in the Debian image, on a network with no route anywhere: the first-boot
    // loop must see a failed fetch as a failure, or it carries on without package lists.
    it('waits for the package mirrors: its apt-get update fails while a fetch fails', () => {
      const provision = config.write_files.find((file) => file.path === '/usr/local/sbin/shortly-provision')?.content;
      const update = /^until (apt-get [^;]*update[^;]*); do sleep \d+; done$/m.exec(provision ?? '')?.[1];
      expect(update).toBeDefined();
      const exitCode = (command: string) => {
        const script = `echo 'deb http://127.0.0.1:9/debian trixie main' >/etc/apt/sources.list; ${command} >/dev/null 2>&1; echo $?`;
        const result = spawnSync('docker', ['run', '--rm', '--network', 'none', DEBIAN_IMAGE, 'sh', '-c', script], {
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(result.stderr).toBe('');
        return Number(result.stdout.trim());
      };
      // Plain `apt-get update` keeps the old lists and exits 0: the reason for the flag.
      expect(exitCode('apt-get -q update')).toBe(0);
      expect(exitCode(update ?? '')).toBe(100);
    }, 240_000);

    it('fits in the 16 KB EC2 allows for user data', () => {
      expect(Buffer.byteLength(rendered, 'utf8')).toBeLessThan(16 * 1024);
    });

    it('every script is valid bash', () => {
      const scripts = config.write_files.filter((file) => file.content.startsWith('#!/bin/bash'));
      expect(scripts.length).toBeGreaterThanOrEqual(4);
      for (const script of scripts) {
        const check = spawnSync('bash', ['-n'], { input: script.content, encoding: 'utf8' });
        expect(`${script.path}: ${check.stderr}`).toBe(`${script.path}: `);
        expect(script.permissions).toBe('0755');
      }
    });
  });
});
