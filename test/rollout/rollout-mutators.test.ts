import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

// addAlarm / addPreHook / addPostHook, as aws-codedeploy's LambdaDeploymentGroup has them: what is added after the
// constructor must reach every place the props reach (trigger, plan, controller routing and rights, execution input).

function hook(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ passed: true });'),
  });
}

/** One stack with an endpoint, two hooks and a named user alarm, built the same way for both forms. */
function build(form: 'props' | 'mutators') {
  const f = rolloutFixture();
  const endpoint = blueGreenEndpoint(f, { endpointName: 'scoring' });
  const pre = hook(f.stack, 'Pre');
  const post = hook(f.stack, 'Post');
  const kpi = new cloudwatch.Alarm(f.stack, 'Kpi', {
    alarmName: 'scoring-conversion-drop', metric: endpoint.findVariant('green').metric('ConversionDrop'), threshold: 1, evaluationPeriods: 1,
  });
  // Hooks run in turn, each with its time-out: 5 minutes leaves room for a third hook within the deploy's budget.
  const strategy = DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5), hookTimeout: Duration.minutes(5) });
  const rollout = form === 'props'
    ? new VariantRollout(f.stack, 'Rollout', { endpoint, strategy, alarms: [kpi], preTrafficHooks: [pre], postTrafficHooks: [post] })
    : new VariantRollout(f.stack, 'Rollout', { endpoint, strategy });
  // Asked for before the additions: it must still carry them (rendered at synth).
  const input = rollout.executionInputFor('green');
  if (form === 'mutators') {
    rollout.addAlarm(kpi);
    rollout.addPreHook(pre);
    rollout.addPostHook(post);
  }
  return { f, rollout, pre, post, kpi, input };
}

describe('VariantRollout mutators', () => {
  const viaProps = build('props');
  const viaMutators = build('mutators');

  test('adding alarms and hooks after the constructor synthesizes the same template as passing them in the props', () => {
    expect(Template.fromStack(viaMutators.f.stack).toJSON()).toEqual(Template.fromStack(viaProps.f.stack).toJSON());
  });

  test('the execution input asked for before the additions carries the added alarm, hooks and hook flags', () => {
    const { f, input, rollout } = viaMutators;
    const resolved = JSON.stringify(f.stack.resolve(input));
    expect(resolved).toContain('scoring-conversion-drop');
    expect(resolved).toContain('\\"preTraffic\\":true');
    expect(resolved).toContain('\\"postTraffic\\":true');
    expect(rollout.alarms.map((a) => a.node.path)).toContain(viaMutators.kpi.node.path);
    expect(rollout.alarmsFor('blue')).toContain(viaMutators.kpi);
  });

  test('the trigger lists the added alarm and hooks, and the plan has both hook flags', () => {
    const t = Template.fromStack(viaMutators.f.stack);
    const [, res] = Object.entries(t.findResources('Custom::CdkMlopsRollout'))[0];
    expect(res.Properties.AlarmNames).toEqual(['scoring-conversion-drop']);
    expect(res.Properties.PreTrafficHooks).toHaveLength(1);
    expect(res.Properties.PostTrafficHooks).toHaveLength(1);
    expect(JSON.parse(res.Properties.Plan).hooks).toMatchObject({ preTraffic: true, postTraffic: true });
    // The controller's rule routes the added alarm by name (it is not under the controller's prefix).
    const rules = Object.values(t.findResources('AWS::Events::Rule'))
      .filter((r: any) => JSON.stringify(r.Properties.EventPattern ?? {}).includes('scoring-conversion-drop'));
    expect(rules).toHaveLength(1);
  });

  test('without additions the plan has no hook flags and no listed alarm', () => {
    const f = rolloutFixture();
    new VariantRollout(f.stack, 'Rollout', { endpoint: blueGreenEndpoint(f), strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });
    const [, res] = Object.entries(Template.fromStack(f.stack).findResources('Custom::CdkMlopsRollout'))[0];
    expect(res.Properties.AlarmNames).toEqual([]);
    expect(res.Properties.PreTrafficHooks).toEqual([]);
    expect(JSON.parse(res.Properties.Plan).hooks).toMatchObject({ preTraffic: false, postTraffic: false });
  });

  test('an added hook may invoke the endpoint, and the hook runner may invoke the hook', () => {
    const t = Template.fromStack(viaMutators.f.stack);
    const policies = Object.values(t.findResources('AWS::IAM::Policy')).map((p: any) => JSON.stringify(p));
    const preRef = viaMutators.f.stack.getLogicalId(viaMutators.pre.node.defaultChild as lambda.CfnFunction);
    const preRole = viaMutators.f.stack.getLogicalId(viaMutators.pre.role!.node.defaultChild as any);
    expect(policies.some((p) => p.includes('sagemaker:InvokeEndpoint') && p.includes(preRole))).toBe(true);
    expect(policies.some((p) => p.includes('lambda:InvokeFunction') && p.includes(preRef))).toBe(true);
  });

  test('the same alarm added twice is routed and listed once', () => {
    const { f, rollout, kpi } = build('mutators');
    rollout.addAlarm(kpi);
    expect(rollout.alarms.filter((a) => a === kpi)).toHaveLength(1);
    const [, res] = Object.entries(Template.fromStack(f.stack).findResources('Custom::CdkMlopsRollout'))[0];
    expect(res.Properties.AlarmNames).toEqual(['scoring-conversion-drop']);
  });

  test('a JavaScript caller who passes nothing gets a clear message, not a TypeError', () => {
    const { rollout } = build('mutators');
    expect(() => rollout.addAlarm(undefined as any)).toThrow(/VariantRollout: addAlarm needs an alarm \(cloudwatch.IAlarm\); got undefined/);
    expect(() => rollout.addPreHook(undefined as any)).toThrow(/VariantRollout: addPreHook needs a function \(lambda.IFunction\); got undefined/);
    expect(() => rollout.addPostHook(null as any)).toThrow(/addPostHook needs a function .*got null/);
  });

  test('a hook already in a phase is refused, naming it; the same function may run in both phases', () => {
    const { rollout, pre } = build('mutators');
    expect(() => rollout.addPreHook(pre)).toThrow(/addPreHook .*Pre is already a pre-traffic hook of .*Rollout; each hook runs once per phase/);
    expect(() => rollout.addPostHook(pre)).not.toThrow();
    const f = rolloutFixture();
    const h = hook(f.stack, 'H');
    expect(() => new VariantRollout(f.stack, 'Rollout', {
      endpoint: blueGreenEndpoint(f), strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES, preTrafficHooks: [h, h],
    })).toThrow(/preTrafficHooks .*H is already a pre-traffic hook/);
  });

  test('a hook whose time-out would break the deploy budget is refused before anything changes', () => {
    // A post-traffic hook may take its whole time-out after the traffic moved: 55 minutes is past the hour's
    // deploy wait on its own, while the rollout without it fits.
    const f = rolloutFixture();
    const rollout = new VariantRollout(f.stack, 'Rollout', {
      endpoint: blueGreenEndpoint(f), strategy: DeploymentStrategy.allAtOnce({ hookTimeout: Duration.minutes(55) }),
    });
    const slow = hook(f.stack, 'Slow');
    expect(() => rollout.addPostHook(slow)).toThrow(/can take up to .*hook time-outs 55 minutes.*must end within 52 minutes/);
    const [, res] = Object.entries(Template.fromStack(f.stack).findResources('Custom::CdkMlopsRollout'))[0];
    expect(res.Properties.PostTrafficHooks).toEqual([]);
    expect(JSON.parse(res.Properties.Plan).hooks.postTraffic).toBe(false);
  });

  test('every hook of a phase counts: they run one after another, each with the whole time-out', () => {
    // 25 minutes each: one post-traffic hook fits the 52 minutes a deploy-started rollout has, two (50 minutes of
    // hooks and the shift time-out) do not, whether added later or given in the props.
    const f = rolloutFixture();
    const strategy = DeploymentStrategy.allAtOnce({ hookTimeout: Duration.minutes(25) });
    const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint: blueGreenEndpoint(f), strategy });
    rollout.addPostHook(hook(f.stack, 'First'));
    expect(() => rollout.addPostHook(hook(f.stack, 'Second')))
      .toThrow(/can take up to .*hook time-outs 50 minutes \(2 hooks, run one after another\).*must end within 52 minutes/);
    const g = rolloutFixture();
    expect(() => new VariantRollout(g.stack, 'Rollout', { endpoint: blueGreenEndpoint(g), strategy,
      preTrafficHooks: [hook(g.stack, 'A'), hook(g.stack, 'B')] })).toThrow(/hook time-outs 50 minutes \(2 hooks/);
  });
});
