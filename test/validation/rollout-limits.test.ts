/**
 * The rollout family (DeploymentStrategy and its options, VariantRollout, RequestHook): invalid inputs refused at
 * synth naming the construct or builder, the prop, the value and the fix. The limits are the rollout's own (a plan
 * the controller can run within a deploy's wait, percentages of traffic, probabilities) and SageMaker's (two
 * variants of the endpoint, weights by percent).
 */
import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { battery, deferred, numberParam } from './battery';
import { DeploymentStrategy, RequestHook, VariantRollout, VariantRolloutProps } from '../../lib/rollout';
import { blueGreenEndpoint, rolloutFixture } from '../rollout/fixtures';

const min = (n: number) => Duration.minutes(n);
const canary = (o: object) => () => DeploymentStrategy.canary({ percentage: 10, interval: min(5), ...o });

function rollout(props: (f: ReturnType<typeof rolloutFixture>) => Partial<VariantRolloutProps>): () => unknown {
  return () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    return new VariantRollout(f.stack, 'Rollout', {
      endpoint, variants: ['blue', 'green'], strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES, ...props(f),
    });
  };
}

describe('rollout: invalid configurations are refused at synth', () => {
  battery([
    // Shares of traffic
    ...[0, 100, 150, -5].map((percentage) => ({
      cls: 'rollback-thresholds', name: `a canary of ${percentage}%`, run: canary({ percentage }),
      prop: /canary: percentage/, value: new RegExp(`is ${percentage}\\b`), fix: /above 0 and below 100/,
    })),
    {
      cls: 'non-finite', name: 'a canary of NaN%', run: canary({ percentage: NaN }),
      prop: /canary: percentage/, value: /NaN/, fix: /above 0 and below 100/,
    },
    {
      cls: 'rollback-thresholds', name: 'a linear step that does not divide 100',
      run: () => DeploymentStrategy.linear({ percentage: 30, interval: min(1) }),
      prop: /linear: percentage/, value: /is 30\b/, fix: /divisor of 100/,
    },
    {
      cls: 'limits', name: 'a linear step of 0.5% (200 steps)', run: () => DeploymentStrategy.linear({ percentage: 0.5, interval: min(1) }),
      prop: /linear: percentage/, value: /0\.5 makes 200 steps/, fix: /at most 100/,
    },
    {
      cls: 'cross-prop', name: 'explicit steps that do not end at 100%',
      run: () => DeploymentStrategy.steps([{ percent: 10, bake: min(1) }, { percent: 50 }]),
      prop: /last step/, value: /50%/, fix: /end at candidatePercent 100/,
    },
    {
      cls: 'cross-prop', name: 'explicit steps that go down',
      run: () => DeploymentStrategy.steps([{ percent: 20 }, { percent: 10 }, { percent: 100 }]),
      prop: /steps\[1\]\.candidatePercent/, value: /10 after 20/, fix: /strictly increasing/,
    },
    // Durations in whole seconds and within their bounds
    {
      cls: 'durations', name: 'a canary interval of 0 seconds', run: canary({ interval: Duration.seconds(0) }),
      prop: /canary: interval/, value: /0 seconds/, fix: /at least 1/,
    },
    {
      cls: 'durations', name: 'a canary interval of 1.5 seconds', run: canary({ interval: Duration.millis(1500) }),
      prop: /canary: interval/, value: /1 second 500 millis/, fix: /whole number of seconds/,
    },
    {
      cls: 'durations', name: 'a post-promotion watch of 1.5 seconds', run: canary({ postPromotionWatch: Duration.millis(1500) }),
      prop: /postPromotionWatch/, value: /1 second 500 millis/, fix: /whole number of seconds/,
    },
    {
      cls: 'cross-prop', name: 'blueGreen with a finalBake (its bake is `bake`)',
      run: () => DeploymentStrategy.blueGreen({ bake: min(5), finalBake: min(1) }),
      prop: /blueGreen: finalBake/, value: /is set/, fix: /Remove finalBake/,
    },
    // Gates: probabilities and counts
    {
      cls: 'rollback-thresholds', name: 'a statistical gate alpha of 1.5', run: canary({ statisticalGate: { alpha: 1.5 } }),
      prop: /statisticalGate\.alpha/, value: /1\.5/, fix: /probability above 0 and at most 0\.5/,
    },
    {
      cls: 'rollback-thresholds', name: 'a probe alpha of 0', run: canary({ probe: { alpha: 0 } }),
      prop: /probe\.alpha/, value: /is 0\b/, fix: /probability in \(0, 0\.5\]/,
    },
    {
      cls: 'fractional-capacity', name: 'a probe of 2.5 requests per check', run: canary({ probe: { requestsPerCheck: 2.5 } }),
      prop: /probe\.requestsPerCheck/, value: /2\.5/, fix: /whole number/,
    },
    {
      cls: 'fractional-capacity', name: 'minInvocationsPerStep of 0.5', run: canary({ minInvocationsPerStep: 0.5 }),
      prop: /minInvocationsPerStep/, value: /0\.5/, fix: /whole number/,
    },
    // VariantRollout
    {
      cls: 'variant-names', name: 'a variant the endpoint does not have', run: rollout(() => ({ variants: ['blue', 'gren'] })),
      prop: /variants/, value: /gren/, fix: /blue|green/,
    },
    {
      cls: 'variant-names', name: 'one variant twice', run: rollout(() => ({ variants: ['blue', 'blue'] })),
      prop: /variants/, value: /blue/, fix: /two (different )?variants|distinct|each once/,
    },
    {
      cls: 'rollback-thresholds', name: 'a rollout error-rate threshold of 5 (a percentage)', run: rollout(() => ({ errorRateThreshold: 5 })),
      prop: /errorRateThreshold/, value: /\b5\b/, fix: /0\.05|share|fraction|below 1/,
    },
    {
      cls: 'required-props', name: 'a rollout without a strategy (JavaScript)', run: rollout(() => ({ strategy: undefined })),
      prop: /VariantRollout: required prop 'strategy'/, value: /missing \(undefined\)/, fix: /Pass it/,
    },
    // RequestHook
    {
      cls: 'limits', name: 'a request hook without payloads', run: () => RequestHook.fromPayloads([]),
      prop: /payloads/, value: /empty|0/, fix: /at least one/,
    },
    {
      cls: 's3-prefixes', name: "a request hook's S3 key with a leading '/'",
      run: () => { const f = rolloutFixture(); return RequestHook.fromS3(new s3.Bucket(f.stack, 'B'), '/payloads.jsonl'); },
      prop: /key/, value: /\/payloads\.jsonl/, fix: /leading '\/'|without/,
    },
  ]);
});

describe('rollout: token inputs are deferred to CloudFormation', () => {
  deferred([
    {
      name: 'VariantRollout error-rate threshold as a parameter', refs: ['Rate'],
      run: () => {
        const f = rolloutFixture();
        new VariantRollout(f.stack, 'Rollout', {
          endpoint: blueGreenEndpoint(f), variants: ['blue', 'green'], strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
          errorRateThreshold: numberParam(f.stack, 'Rate', 0.05),
        });
        return f.stack;
      },
    },
  ]);
});
