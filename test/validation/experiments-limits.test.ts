/**
 * The experiments family (AbTestAnalysis, AdaptiveAllocation, ShadowAnalysis): invalid inputs refused at synth
 * naming the construct, the prop, the value and the fix; token inputs deferred to CloudFormation.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { battery, deferred, numberParam } from './battery';
import { LakeZone } from '../../lib/data';
import {
  AbTestAnalysis, AbTestAnalysisProps, AbTestMethod, AdaptiveAllocation, AdaptiveAllocationProps, ShadowAnalysis, ShadowAnalysisProps, ShadowProblem,
} from '../../lib/experiments';
import { Model, ModelEndpoint } from '../../lib/serving';
import { monitoringFixture } from '../monitoring/fixtures';

type Fixture = ReturnType<typeof monitoringFixture>;
const outcomes = (f: Fixture) => ({ bucket: f.data.lake.bucket(LakeZone.GROUND_TRUTH) });

function ab(props: (f: Fixture) => Partial<AbTestAnalysisProps>): () => unknown {
  return () => {
    const f = monitoringFixture();
    return new AbTestAnalysis(f.stack, 'Ab', { endpoint: f.endpoint, outcomes: outcomes(f), metrics: [{ name: 'conversion' }], ...props(f) });
  };
}
function bandit(props: (f: Fixture) => Partial<AdaptiveAllocationProps>): () => unknown {
  return () => {
    const f = monitoringFixture();
    return new AdaptiveAllocation(f.stack, 'Bandit', { endpoint: f.endpoint, metricName: 'click', outcomes: outcomes(f), ...props(f) });
  };
}
function shadow(props: Partial<ShadowAnalysisProps>): () => unknown {
  return () => {
    const f = monitoringFixture();
    return new ShadowAnalysis(f.stack, 'Shadow', { endpoint: f.endpoint, problem: ShadowProblem.CLASSIFICATION, shadowVariant: 'challenger', ...props });
  };
}
/** An endpoint with one production variant and a shadow, capturing into the lake. */
function shadowEndpoint(f: Fixture): ModelEndpoint {
  const model = (id: string) => f.stack.node.findChild(id) as Model;
  return new ModelEndpoint(f.stack, 'Shadowed', {
    variants: [{ variantName: 'prod', model: model('ModelA') }], shadowVariant: { variantName: 'candidate', model: model('ModelB') },
    dataCapture: { bucket: f.data.lake.bucket(LakeZone.DATA_CAPTURE), prefix: 'data-capture' },
  });
}

describe('experiments: invalid configurations are refused at synth', () => {
  battery([
    // AbTestAnalysis
    {
      cls: 'limits', name: 'no outcome metric', run: ab(() => ({ metrics: [] })),
      prop: /AbTestAnalysis 'Test\/Ab': metrics/, value: /a list of 0/, fix: /at least one outcome metric/,
    },
    {
      cls: 'limits', name: 'a metric listed twice', run: ab(() => ({ metrics: [{ name: 'conversion' }, { name: 'conversion' }] })),
      prop: /metrics\[1\]\.name/, value: /'conversion'/, fix: /give each metric once/,
    },
    {
      cls: 'limits', name: 'two primary metrics', run: ab(() => ({ metrics: [{ name: 'a', primary: true }, { name: 'b', primary: true }] })),
      prop: /metrics/, value: /a list of 2/, fix: /at most one metric primary \('a', 'b' are\)/,
    },
    {
      cls: 'limits', name: 'an empty metric name (a CloudWatch dimension value)', run: ab(() => ({ metrics: [{ name: '' }] })),
      prop: /metrics\[0\]\.name/, value: /''/, fix: /1-1024 characters/,
    },
    {
      cls: 'limits', name: 'one expected weight for two arms', run: ab(() => ({ expectedWeights: [1] })),
      prop: /expectedWeights/, value: /a list of 1/, fix: /one weight per variant \(champion, challenger\)/,
    },
    {
      cls: 'non-finite', name: 'an expected weight of NaN (rendered as null before)', run: ab(() => ({ expectedWeights: [90, NaN] })),
      prop: /expectedWeights\[1\]/, value: /NaN \(not a number\)/, fix: /positive weight/,
    },
    {
      cls: 'non-finite', name: 'alpha of Infinity', run: ab(() => ({ alpha: Infinity })),
      prop: /alpha/, value: /Infinity \(not a finite number\)/, fix: /above 0 and below 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'alpha of 1.5', run: ab(() => ({ alpha: 1.5 })),
      prop: /alpha/, value: /1\.5/, fix: /above 0 and below 1/,
    },
    {
      cls: 'durations', name: 'a schedule of 1 minute', run: ab(() => ({ schedule: Duration.minutes(1) })),
      prop: /schedule/, value: /1 minute/, fix: /from 5 minutes to 1 day/,
    },
    {
      cls: 'durations', name: 'a schedule of 330 seconds (aws-cdk-lib used to refuse it without naming the prop)', run: ab(() => ({ schedule: Duration.seconds(330) })),
      prop: /AbTestAnalysis 'Test\/Ab': schedule/, value: /5 minutes 30 seconds/, fix: /whole minutes/,
    },
    {
      cls: 'fractional-capacity', name: 'a sequential tuning sample size of 1.5', run: ab(() => ({ sequentialTuningSampleSize: 1.5 })),
      prop: /sequentialTuningSampleSize/, value: /1\.5/, fix: /whole sample size of at least 2/,
    },
    {
      cls: 'fractional-capacity', name: 'minUnitsPerVariant of 1', run: ab(() => ({ minUnitsPerVariant: 1 })),
      prop: /minUnitsPerVariant/, value: /is 1\b/, fix: /at least 2/,
    },
    {
      cls: 'variant-names', name: 'an arm the endpoint does not have', run: ab(() => ({ variantNames: ['champion', 'challengr'] })),
      prop: /variantNames\[1\]/, value: /'challengr'/, fix: /did you mean 'challenger'/,
    },
    {
      cls: 'variant-names', name: 'an arm listed twice', run: ab(() => ({ variantNames: ['champion', 'champion'] })),
      prop: /variantNames\[1\]/, value: /'champion'/, fix: /listed twice/,
    },
    {
      cls: 'variant-names', name: 'the shadow variant as an arm (it gets no traffic weight)', run: () => {
        const f = monitoringFixture();
        return new AbTestAnalysis(f.stack, 'Ab', { endpoint: shadowEndpoint(f), outcomes: outcomes(f), metrics: [{ name: 'c' }], variantNames: ['prod', 'candidate'] });
      }, prop: /variantNames\[1\]/, value: /'candidate'/, fix: /no such production variant; its production variants are 'prod'/,
    },
    {
      cls: 'limits', name: 'an experiment name with a slash', run: ab(() => ({ experimentName: 'ranker/v2' })),
      prop: /experimentName/, value: /'ranker\/v2'/, fix: /1 to 64 letters/,
    },
    {
      cls: 's3-prefixes', name: "an outcome prefix with a leading '/'", run: ab((f) => ({ outcomes: { bucket: outcomes(f).bucket, prefix: '/outcomes/shop/' } })),
      prop: /outcomes\.prefix/, value: /'\/outcomes\/shop\/'/, fix: /leading '\/'/,
    },
    {
      cls: 's3-prefixes', name: "an outcome prefix without its trailing '/'", run: ab((f) => ({ outcomes: { bucket: outcomes(f).bucket, prefix: 'outcomes/shop' } })),
      prop: /outcomes\.prefix/, value: /'outcomes\/shop'/, fix: /ending with '\/'/,
    },
    {
      cls: 'limits', name: 'a test method that is not one (a JavaScript string)', run: ab(() => ({ method: 'bayesian' as AbTestMethod })),
      prop: /method/, value: /'bayesian'/, fix: /'sequential', 'fixed-horizon'/,
    },
    // AdaptiveAllocation
    {
      cls: 'cross-prop', name: 'a minimum share two variants cannot both keep', run: bandit(() => ({ minShare: 0.6 })),
      prop: /AdaptiveAllocation 'Test\/Bandit': minShare/, value: /0\.6/, fix: /2 variants cannot each keep 0\.6/,
    },
    {
      cls: 'cross-prop', name: 'a maximum share that cannot take all traffic', run: bandit(() => ({ maxShare: 0.4 })),
      prop: /maxShare/, value: /0\.4/, fix: /cannot take all traffic/,
    },
    {
      cls: 'non-finite', name: 'a minimum share of NaN', run: bandit(() => ({ minShare: NaN })),
      prop: /minShare/, value: /NaN \(not a number\)/, fix: /share from 0 to 1/,
    },
    {
      cls: 'durations', name: 'an update interval of 90 seconds', run: bandit(() => ({ updateInterval: Duration.seconds(90) })),
      prop: /updateInterval/, value: /1 minute 30 seconds/, fix: /whole minutes/,
    },
    {
      cls: 'tokens', name: 'a token update interval (the minimum time between reweightings is derived at synth)',
      run: () => {
        const f = monitoringFixture();
        return new AdaptiveAllocation(f.stack, 'Bandit', { endpoint: f.endpoint, metricName: 'click', outcomes: outcomes(f), updateInterval: Duration.minutes(numberParam(f.stack, 'Every', 60)) });
      }, prop: /updateInterval/, value: /a token Duration/, fix: /minimum time between reweightings.*pass a concrete Duration/,
    },
    {
      cls: 'variant-names', name: 'a reweighted variant the endpoint does not have', run: bandit(() => ({ variantNames: ['champion', 'blue'] })),
      prop: /variantNames\[1\]/, value: /'blue'/, fix: /its production variants are 'champion', 'challenger'/,
    },
    {
      cls: 's3-prefixes', name: "an outcome prefix with '//'", run: bandit((f) => ({ outcomes: { bucket: outcomes(f).bucket, prefix: 'outcomes//' } })),
      prop: /outcomes\.prefix/, value: /'outcomes\/\/'/, fix: /'\/\/' makes an empty folder name/,
    },
    // ShadowAnalysis
    {
      cls: 'cross-prop', name: 'the shadow as the production variant', run: () => {
        const f = monitoringFixture();
        return new ShadowAnalysis(f.stack, 'Shadow', { endpoint: shadowEndpoint(f), problem: ShadowProblem.CLASSIFICATION, productionVariant: 'candidate' });
      }, prop: /ShadowAnalysis 'Test\/Shadow': productionVariant/, value: /'candidate'/, fix: /the endpoint's shadow variant, which answers no caller: name a production variant \('prod'\)/,
    },
    {
      cls: 'cross-prop', name: 'a variant compared with itself', run: shadow({ productionVariant: 'challenger', shadowVariant: 'challenger' }),
      prop: /shadowVariant/, value: /'challenger'/, fix: /compared with itself always agrees/,
    },
    {
      cls: 'variant-names', name: 'a shadow variant the endpoint does not have', run: shadow({ shadowVariant: 'candidat' }),
      prop: /shadowVariant/, value: /'candidat'/, fix: /no such production or shadow variant/,
    },
    {
      cls: 'variant-names', name: 'a production variant the endpoint does not have', run: shadow({ productionVariant: 'blue' }),
      prop: /productionVariant/, value: /'blue'/, fix: /production variants are 'champion', 'challenger'/,
    },
    {
      cls: 'cross-prop', name: 'an agreement alarm on a regression', run: shadow({ problem: ShadowProblem.REGRESSION, minAgreementRate: 0.9 }),
      prop: /minAgreementRate/, value: /0\.9/, fix: /classification only/,
    },
    {
      cls: 'non-finite', name: 'a score threshold of NaN', run: shadow({ threshold: NaN }),
      prop: /threshold/, value: /NaN \(not a number\)/, fix: /above 0 and below 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a minimum agreement of 95 (percent)', run: shadow({ minAgreementRate: 95 }),
      prop: /minAgreementRate/, value: /is 95\b/, fix: /0\.95: alarm when the two agree on fewer than 95%/,
    },
    {
      cls: 'limits', name: 'a problem that is not one (a JavaScript string)', run: shadow({ problem: 'ranking' as ShadowProblem }),
      prop: /problem/, value: /'ranking'/, fix: /'classification', 'regression'/,
    },
    {
      cls: 'tokens', name: 'a token schedule (each run compares a window of its length, computed at synth)', run: () => {
        const f = monitoringFixture();
        return new ShadowAnalysis(f.stack, 'Shadow', { endpoint: f.endpoint, problem: ShadowProblem.CLASSIFICATION, shadowVariant: 'challenger', schedule: Duration.minutes(numberParam(f.stack, 'M', 60)) });
      }, prop: /schedule/, value: /a token Duration/, fix: /the window each run compares.*pass a concrete Duration/,
    },
  ]);
});

describe('experiments: token inputs are deferred to CloudFormation', () => {
  deferred([
    {
      name: 'AbTestAnalysis alpha, weights, tuning size and minimum units',
      refs: ['Alpha', 'ControlWeight', 'NStar', 'MinUnits'],
      run: (): Stack => {
        const f = monitoringFixture();
        const n = (id: string, d: number) => numberParam(f.stack, id, d);
        new AbTestAnalysis(f.stack, 'Ab', {
          endpoint: f.endpoint, outcomes: outcomes(f), metrics: [{ name: 'conversion' }], alpha: n('Alpha', 0.05),
          expectedWeights: [n('ControlWeight', 90), 10], sequentialTuningSampleSize: n('NStar', 5000), minUnitsPerVariant: n('MinUnits', 100),
        });
        return f.stack;
      },
    },
    {
      name: 'AdaptiveAllocation share bounds (the allocator checks them again at run time)', refs: ['MinShare', 'MaxShare'],
      run: (): Stack => {
        const f = monitoringFixture();
        new AdaptiveAllocation(f.stack, 'Bandit', {
          endpoint: f.endpoint, metricName: 'click', outcomes: outcomes(f),
          minShare: numberParam(f.stack, 'MinShare', 0.1), maxShare: numberParam(f.stack, 'MaxShare', 0.9),
        });
        return f.stack;
      },
    },
    {
      name: 'ShadowAnalysis score threshold and minimum agreement (also in the alarm description)', refs: ['Threshold', 'Agreement'],
      run: (): Stack => {
        const f = monitoringFixture();
        new ShadowAnalysis(f.stack, 'Shadow', {
          endpoint: f.endpoint, problem: ShadowProblem.CLASSIFICATION, shadowVariant: 'challenger',
          threshold: numberParam(f.stack, 'Threshold', 0.5), minAgreementRate: numberParam(f.stack, 'Agreement', 0.95),
        });
        return f.stack;
      },
    },
  ]);
});
