/**
 * The reference app across a sequence of deploys: each deploy's context is what `cdk-mlops champion-slots` decides
 * (lambda/core/training/champion-slots.ts) from the live state the previous deploy left (blue/green weights after a
 * promotion). Asserted from the templates: only the idle slot's model changes, a deploy without a new version
 * changes no slot, and the challenger's model and weight never change.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-stack';
import { CHAMPION_SLOTS_CONTEXT_KEY, ChampionSlotModels, renderChampionSlots } from '../../contracts/champion-slots';
import { MODEL_PACKAGE_CONTEXT_KEY } from '../../contracts/model-approval';
import { decideChampionSlots, LiveEndpoint } from '../../lambda/core/training';

const cdkContext = require('../../cdk.json').context;

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

function synth(slots?: ChampionSlotModels): Template {
  const context = { ...cdkContext, ...(slots ? { [CHAMPION_SLOTS_CONTEXT_KEY]: renderChampionSlots(slots) } : {}) };
  return Template.fromStack(buildReferenceApp(new App({ context }), {}).stack);
}

/** Versions of the reference platform's own registry (its group name is generated; the slots take only its versions). */
const GROUP = buildReferenceApp(new App({ context: cdkContext }), {}).stack.platform.registry.modelPackageGroupName;
const V1 = `arn:aws:sagemaker:eu-west-1:123456789012:model-package/${GROUP}/1`;
const V2 = `arn:aws:sagemaker:eu-west-1:123456789012:model-package/${GROUP}/2`;

/** Per variant: the logical id of its model and that model's properties (a change of either is a new model). */
function served(t: Template): Record<string, { id: string; model: string; weight: number; rest: string }> {
  const models = t.findResources('AWS::SageMaker::Model') as Resources;
  const [config] = Object.values(t.findResources('AWS::SageMaker::EndpointConfig')) as any[];
  return Object.fromEntries(config.Properties.ProductionVariants.map((v: any) => {
    const id = v.ModelName['Fn::GetAtt']?.[0] ?? v.ModelName.Ref;
    const { ModelName: _m, InitialVariantWeight, ...rest } = v;
    return [v.VariantName, { id, model: JSON.stringify(models[id].Properties), weight: InitialVariantWeight, rest: JSON.stringify(rest) }];
  }));
}

function changedVariants(before: Template, after: Template): string[] {
  const a = served(before);
  const b = served(after);
  return Object.keys(b).filter((v) => a[v].id !== b[v].id || a[v].model !== b[v].model).sort();
}

const endpoint = (blue: number, green: number): LiveEndpoint => ({ name: 'ep', status: 'InService', weights: { blue, green, challenger: 10 } });

test('approval 1, a deploy without change, approval 2 after promotion: only the idle slot changes, the challenger never', () => {
  const d0 = decideChampionSlots({});
  if (d0.kind !== 'deploy') throw new Error(d0.reason);
  const t0 = synth(d0.slots);
  const s0 = served(t0);
  expect(Object.keys(s0)).toEqual(['blue', 'green', 'challenger']);
  expect([s0.blue.weight, s0.green.weight, s0.challenger.weight]).toEqual([90, 0, 10]);
  // The first deploy without context renders the same template as the decided one.
  expect(changedVariants(synth(), t0)).toEqual([]);

  // Approval 1 while blue serves: V1 goes into green, the idle slot.
  const stack0 = { name: 'CdkMlops', status: 'CREATE_COMPLETE', slots: d0.slots };
  const d1 = decideChampionSlots({ stack: stack0, endpoint: endpoint(90, 0), approved: V1, requested: V1 });
  expect(d1).toMatchObject({ kind: 'deploy', changed: 'green' });
  if (d1.kind !== 'deploy') throw new Error(d1.reason);
  const t1 = synth(d1.slots);
  expect(changedVariants(t0, t1)).toEqual(['green']);
  expect(JSON.stringify(t1.toJSON())).toContain(V1);

  // The rollout promotes green (live weights blue 0, green 90). A code-change deploy keeps every slot.
  const stack1 = { ...stack0, status: 'UPDATE_COMPLETE', slots: d1.slots };
  const d2 = decideChampionSlots({ stack: stack1, endpoint: endpoint(0, 90), approved: V1 });
  if (d2.kind !== 'deploy') throw new Error(d2.reason);
  const t2 = synth(d2.slots);
  expect(changedVariants(t1, t2)).toEqual([]);
  // Nothing else of the serving resources moves either: the drain guard and the trigger see the same properties.
  for (const type of ['AWS::SageMaker::EndpointConfig', 'Custom::CdkMlopsRolloutGuard', 'Custom::CdkMlopsRollout']) {
    expect(t2.findResources(type)).toEqual(t1.findResources(type));
  }

  // Approval 2 after the promotion goes into blue, now idle; green keeps serving V1.
  const d3 = decideChampionSlots({ stack: { ...stack1, slots: d2.slots }, endpoint: endpoint(0, 90), approved: V2, requested: V2 });
  expect(d3).toMatchObject({ kind: 'deploy', changed: 'blue', slots: { blue: V2, green: V1 } });
  if (d3.kind !== 'deploy') throw new Error(d3.reason);
  const t3 = synth(d3.slots);
  expect(changedVariants(t2, t3)).toEqual(['blue']);

  // The challenger: same model resource, same properties and weight 10 in every template.
  const challengers = [t0, t1, t2, t3].map((t) => served(t).challenger);
  for (const c of challengers) expect(c).toEqual(challengers[0]);
  expect(challengers[0].weight).toBe(10);
  // Initial weights never change (live weights are retained across deploys): a promotion needs no endpoint update.
  for (const t of [t1, t2, t3]) expect([served(t).blue.weight, served(t).green.weight]).toEqual([90, 0]);

  // The rollout owns only the champion slots; the stack output names what each holds for the next deploy.
  t3.hasResourceProperties('Custom::CdkMlopsRollout', { Variants: ['blue', 'green'] });
  t3.hasResourceProperties('Custom::CdkMlopsRolloutGuard', { Variants: ['blue', 'green'] });
  expect(t3.toJSON().Outputs.ChampionSlots.Value).toBe(`blue=${V2},green=${V1}`);
  // Each approved slot serves its exact version through a RegisteredModel, network-isolated.
  const named = Object.values(t3.findResources('AWS::SageMaker::Model') as Resources)
    .map((m) => m.Properties.PrimaryContainer?.ModelPackageName).filter(Boolean).sort();
  expect(named).toEqual([V1, V2]);
});

test('the context is validated at synth, and the older -c modelPackageArn is refused with the command to use', () => {
  const build = (context: Record<string, string>) => buildReferenceApp(new App({ context }), {});
  expect(() => build({ [CHAMPION_SLOTS_CONTEXT_KEY]: `blue=${V1}` }))
    .toThrow(/context championSlots="blue=arn:.*" does not say what green holds; name both slots\. Pass what `npx cdk-mlops champion-slots <stack>` prints/);
  expect(() => build({ [CHAMPION_SLOTS_CONTEXT_KEY]: 'blue=packaged,green=arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/x' }))
    .toThrow(/neither 'packaged' nor a versioned model package ARN/);
  expect(() => build({ [MODEL_PACKAGE_CONTEXT_KEY]: V1 }))
    .toThrow(new RegExp(`context modelPackageArn=.* is no longer read.*championSlots=\\$\\(npx cdk-mlops champion-slots <stack> --approved ${V1}\\)`));
});
