/**
 * onRolloutStatusChange (VariantRollout and RolloutController) returns an events.Rule, like aws-cdk-lib's onXxx
 * methods. The rule's pattern is checked against the event the handlers really publish: lambda/shared/notify.ts
 * is called with a recording EventBridge client and its PutEvents entry is fed to moto's own EventBridge matcher.
 */
import { spawnSync } from 'child_process';
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ACTIVE_PHASES, TERMINAL_PHASES } from '../../contracts/rollout-state';
import { notifyStatus } from '../../lambda/shared/notify';
import { createLogger, setLogSink } from '../../lambda/shared/log';
import { DeploymentStrategy, RolloutController, RolloutPhase, VariantRollout } from '../../lib';
import { blueGreenEndpoint, rolloutFixture } from '../rollout/fixtures';
import { haveCommand, lintQueuedTemplates, synth } from '../helpers/validators';

afterAll(() => lintQueuedTemplates());

function build() {
  const f = rolloutFixture('Events');
  const endpoint = blueGreenEndpoint(f, { endpointName: 'iris' });
  const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE });
  const topic = new sns.Topic(f.stack, 'Ops', { enforceSSL: true });
  return { ...f, rollout, topic };
}

/** The PutEvents entry notify.ts sends for this detail (what the rule must match). */
async function publishedEntry(phase: string, endpointName: string): Promise<any> {
  const sent: any[] = [];
  const client = { send: async (cmd: any) => { sent.push(cmd.input); return { FailedEntryCount: 0, Entries: [{ EventId: '1' }] }; } };
  setLogSink(() => undefined);
  try {
    await notifyStatus({ events: client as any, sns: client as any }, {
      endpointName, rolloutId: 'r-1', phase, reason: 'test', stableVariant: 'blue', candidateVariant: 'green',
    }, createLogger(), { sns: false });
  } finally {
    setLogSink(undefined);
  }
  const entry = sent.find((i) => i.Entries)?.Entries[0];
  // EventBridge turns an entry into an event: Source → source, DetailType → detail-type, Detail parsed.
  return { 'source': entry.Source, 'detail-type': entry.DetailType, 'detail': JSON.parse(entry.Detail),
    'account': '111111111111', 'region': 'us-east-1', 'id': 'e-1', 'time': '2026-12-02T00:00:00Z', 'resources': [] };
}

function motoMatches(pattern: unknown, event: unknown): boolean {
  const py = 'import json,sys\nfrom moto.events.models import EventPattern\nd=json.load(sys.stdin)\nprint(json.dumps(EventPattern.load(json.dumps(d["p"])).matches_event(d["e"])))';
  const r = spawnSync('python3', ['-c', py], { input: JSON.stringify({ p: pattern, e: event }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

function patternOf(stack: Stack, rule: events.Rule): any {
  return stack.resolve((rule.node.defaultChild as events.CfnRule).eventPattern);
}

describe('onRolloutStatusChange', () => {
  test('VariantRollout: a rule on its endpoint\'s status events of the phases asked, with the target', () => {
    const { stack, rollout, topic } = build();
    const rule: events.Rule = rollout.onRolloutStatusChange('Ended', {
      phases: [RolloutPhase.ROLLED_BACK, RolloutPhase.FAILED], target: new targets.SnsTopic(topic),
    });
    expect(rule).toBeInstanceOf(events.Rule);
    expect(rule.node.scope).toBe(rollout);
    synth(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': [RolloutController.EVENT_SOURCE],
        'detail-type': [RolloutController.STATUS_EVENT_DETAIL_TYPE],
        'detail': { endpointName: ['iris'], phase: ['ROLLED_BACK', 'FAILED'] },
      },
      Targets: Match.arrayWith([Match.objectLike({ Id: 'Target0' })]),
    });
  });

  test('RolloutController: every endpoint\'s events, every phase by default', () => {
    const { stack } = build();
    const controller = RolloutController.of(stack);
    const rule = controller.onRolloutStatusChange('All');
    expect(rule.node.scope).toBe(controller);
    expect(patternOf(stack, rule)).toEqual({ 'source': ['cdk-mlops'], 'detail-type': ['Rollout Status Change'] });
  });

  test('RolloutPhase lists exactly the phases the rollout state knows', () => {
    expect(Object.values(RolloutPhase).sort()).toEqual([...ACTIVE_PHASES, ...TERMINAL_PHASES].sort());
  });

  (haveCommand('moto_server') ? test : test.skip)('the rules match what the handlers publish, and only that (moto\'s matcher)', async () => {
    const { stack, rollout } = build();
    const rolledBack = patternOf(stack, rollout.onRolloutStatusChange('RolledBack', { phases: [RolloutPhase.ROLLED_BACK] }));
    const any = patternOf(stack, RolloutController.of(stack).onRolloutStatusChange('Any'));
    expect(motoMatches(rolledBack, await publishedEntry('ROLLED_BACK', 'iris'))).toBe(true);
    expect(motoMatches(rolledBack, await publishedEntry('PROMOTED', 'iris'))).toBe(false);
    expect(motoMatches(rolledBack, await publishedEntry('ROLLED_BACK', 'other-endpoint'))).toBe(false);
    expect(motoMatches(any, await publishedEntry('BAKING', 'other-endpoint'))).toBe(true);
  });
});
