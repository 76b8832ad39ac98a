import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { repoRoot, runTool } from '../src/tool.ts';

const COMPOSE_RULES = 'deploy/prometheus/alerts.yml';
const COMPOSE_TESTS = 'deploy/prometheus/alerts.test.yml';
const OPERATOR_RULE = 'k8s/components/monitoring/prometheusrule.yaml';
const OPERATOR_TESTS = 'k8s/components/monitoring/prometheusrule.test.yaml';

const ok = (result: { status: number | null; stdout: string; stderr: string }) =>
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);

describe('the Compose stack alert rules', () => {
  it('pass promtool check rules', () => ok(runTool('promtool', ['check', 'rules', COMPOSE_RULES])));
  it('pass their unit tests (promtool test rules)', () => ok(runTool('promtool', ['test', 'rules', COMPOSE_TESTS])));
});

// promtool reads plain rule files: the PrometheusRule's spec is one.
describe('the Prometheus Operator rules of k8s/components/monitoring', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'promtool-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const rule = parse(readFileSync(join(repoRoot, OPERATOR_RULE), 'utf8')) as { spec: unknown };
  writeFileSync(join(scratch, 'prometheusrule.rules.yaml'), stringify(rule.spec));
  copyFileSync(join(repoRoot, OPERATOR_TESTS), join(scratch, 'prometheusrule.test.yaml'));

  it('pass promtool check rules', () =>
    ok(runTool('promtool', ['check', 'rules', 'prometheusrule.rules.yaml'], scratch)));
  it('pass their unit tests (promtool test rules)', () =>
    ok(runTool('promtool', ['test', 'rules', 'prometheusrule.test.yaml'], scratch)));
  it('have a unit test for every alert', () => {
    const alerts = (spec: unknown) =>
      (spec as { groups: Array<{ rules: Array<{ alert?: string }> }> }).groups.flatMap((group) =>
        group.rules.map((r) => r.alert).filter(Boolean),
      );
    const tested = (file: string) =>
      new Set(
        (
          parse(readFileSync(join(repoRoot, file), 'utf8')) as {
            tests: Array<{ alert_rule_test: Array<{ alertname: string }> }>;
          }
        ).tests.flatMap((test) => test.alert_rule_test.map((t) => t.alertname)),
      );
    expect(alerts(rule.spec).filter((name) => !tested(OPERATOR_TESTS).has(name ?? ''))).toEqual([]);
    const composeRules = parse(readFileSync(join(repoRoot, COMPOSE_RULES), 'utf8'));
    expect(alerts(composeRules).filter((name) => !tested(COMPOSE_TESTS).has(name ?? ''))).toEqual([]);
  });
});

// amtool, from Alertmanager's own module: the routing tree, receivers and inhibitions.
describe('the Alertmanager configuration', () => {
  const CONFIG = 'deploy/alertmanager/alertmanager.yml';

  it('passes amtool check-config', () => ok(runTool('amtool', ['check-config', CONFIG])));

  it('routes pages to the pager and tickets to Slack', () => {
    const route = (labels: string[]) =>
      runTool('amtool', ['config', 'routes', 'test', '--config.file', CONFIG, ...labels]);
    expect(route(['alertname=ShortlyErrorBudgetFastBurn', 'severity=page']).stdout.trim()).toBe('pagerduty-oncall');
    expect(route(['alertname=ShortlyPodsNotReady', 'severity=warning']).stdout.trim()).toBe('slack-ops');
  });

  it('refuses a route to a receiver that does not exist', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'amtool-'));
    const broken = join(scratch, 'alertmanager.yml');
    writeFileSync(broken, 'route:\n  receiver: nowhere\nreceivers:\n  - name: slack-ops\n');
    const result = runTool('amtool', ['check-config', broken]);
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/undefined receiver "nowhere"/);
  });
});
