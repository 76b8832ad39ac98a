// `pnpm lab <name> break|check|fix`, or `pnpm lab list`: the troubleshooting labs of
// docs/labs on the Compose stack started with `docker compose up -d`.
import { LABS } from './labs.ts';

const [name, action] = process.argv.slice(2);
const webUrl = process.env.WEB_URL ?? `http://localhost:${process.env.WEB_PORT ?? '8080'}`;
const context = { env: {}, webUrl };

function usage(): never {
  process.stderr.write(
    `usage: pnpm lab <name> break|check|fix   (pnpm lab list)\nlabs: ${LABS.map((lab) => lab.name).join(', ')}\n`,
  );
  process.exit(2);
}

if (name === 'list') {
  for (const lab of LABS) process.stdout.write(`${lab.name.padEnd(16)} ${lab.title}  [Q(${lab.question})]\n`);
  process.exit(0);
}
const lab = LABS.find((candidate) => candidate.name === name);
if (!lab || (action !== 'break' && action !== 'check' && action !== 'fix')) usage();

try {
  if (action === 'check') {
    const { broken, evidence } = await lab.check(context);
    process.stdout.write(`${broken ? 'BROKEN' : 'OK'}: ${evidence}\n`);
  } else {
    await lab[action](context);
    process.stdout.write(
      `${lab.name}: ${action} done. Now: pnpm lab ${lab.name} check, and docs/labs/${lab.name}.md\n`,
    );
  }
} catch (error) {
  process.stderr.write(`${lab.name} ${action} failed: ${(error as Error).message}\n`);
  process.exit(1);
}
