// `pnpm kind:lab <name> break|check|fix`, or `pnpm kind:lab list`: the Kubernetes
// troubleshooting labs of docs/labs/kubernetes on the cluster of `pnpm kind:up`.
import { KUBERNETES_LABS } from './labs.ts';

const [name, action] = process.argv.slice(2);

function usage(): never {
  process.stderr.write(
    `usage: pnpm kind:lab <name> break|check|fix   (pnpm kind:lab list)\nlabs: ${KUBERNETES_LABS.map((lab) => lab.name).join(', ')}\n`,
  );
  process.exit(2);
}

if (name === 'list') {
  for (const lab of KUBERNETES_LABS)
    process.stdout.write(`${lab.name.padEnd(16)} ${lab.title}  [Q(${lab.question})]\n`);
  process.exit(0);
}
const lab = KUBERNETES_LABS.find((candidate) => candidate.name === name);
if (!lab || (action !== 'break' && action !== 'check' && action !== 'fix')) usage();

try {
  if (action === 'check') {
    const { broken, evidence } = await lab.check();
    process.stdout.write(`${broken ? 'BROKEN' : 'OK'}: ${evidence}\n`);
  } else {
    await lab[action]();
    process.stdout.write(
      `${lab.name}: ${action} done. Now: pnpm kind:lab ${lab.name} check, and docs/labs/kubernetes/${lab.name}.md\n`,
    );
  }
} catch (error) {
  process.stderr.write(`${lab.name} ${action} failed: ${(error as Error).message}\n`);
  process.exit(1);
}
