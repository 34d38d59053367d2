/**
 * MlPlatform: its own props refused at synth naming the platform's path, the prop, the value and the fix (the
 * constructs it composes check theirs); token inputs deferred.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { battery, numberParam, stringParam } from './battery';
import { MlPlatform } from '../../lib/platform';

const platform = (props: object, env?: { account: string; region: string }) => () => new MlPlatform(new Stack(new App(), 'P', { env }), 'Platform', props);
/** The platform registry's generated group (the same for every stack 'P'). */
const GROUP = new MlPlatform(new Stack(new App(), 'P'), 'Platform').registry.modelPackageGroupName;
const EU = { account: '111122223333', region: 'eu-west-1' };

describe('MlPlatform: invalid configurations are refused at synth', () => {
  battery([
    {
      cls: 'email', name: 'an alarm e-mail without a domain', run: platform({ alarmEmail: 'ops@localhost' }),
      prop: /MlPlatform 'P\/Platform': alarmEmail/, value: /'ops@localhost'/, fix: /'ops@example\.com'/,
    },
    {
      cls: 'email', name: 'two addresses in one subscription', run: platform({ alarmEmail: 'a@example.com, b@example.com' }),
      prop: /alarmEmail/, value: /a@example\.com, b@example\.com/, fix: /one address/,
    },
    {
      cls: 'non-finite', name: 'a challenger share of NaN', run: platform({ challengerTrafficPercent: NaN }),
      prop: /challengerTrafficPercent/, value: /NaN \(not a number\)/, fix: /percentage from 0 to 100/,
    },
    {
      cls: 'fractional-capacity', name: 'a challenger share of 110 percent', run: platform({ challengerTrafficPercent: 110 }),
      prop: /challengerTrafficPercent/, value: /110/, fix: /from 0 to 100/,
    },
    {
      cls: 'arns', name: 'a champion-slot version from another region', run: platform({ championSlots: { greenModelPackageArn: `arn:aws:sagemaker:us-east-1:111122223333:model-package/${GROUP}/2` } }, EU),
      prop: /MlPlatform 'P\/Platform': championSlots\.greenModelPackageArn/, value: /us-east-1/, fix: /stack deploys to 'eu-west-1'/,
    },
    {
      cls: 'arns', name: 'a champion-slot version of another group', run: platform({ championSlots: { blueModelPackageArn: 'arn:aws:sagemaker:eu-west-1:111122223333:model-package/roses/2' } }, EU),
      prop: /championSlots\.blueModelPackageArn/, value: /roses\/2/, fix: /not of the registry's group/,
    },
    {
      cls: 'github', name: "a GitHub owner ending with '-'", run: platform({ githubRepository: 'acme-/ml', githubTokenParameterName: '/cdk-mlops/github-token' }),
      prop: /MlPlatform 'P\/Platform': githubRepository/, value: /'acme-\/ml'/, fix: /not a GitHub user or organization name/,
    },
    {
      cls: 'limits', name: "a token parameter under 'ssm'", run: platform({ githubRepository: 'acme/ml', githubTokenParameterName: 'ssm-token' }),
      prop: /githubTokenParameterName/, value: /'ssm-token'/, fix: /SSM reserves names starting with 'ssm'/,
    },
  ]);
});

describe('MlPlatform: token inputs', () => {
  test('an alarm e-mail parameter is deferred (the subscription endpoint is a Ref)', () => {
    const stack = new Stack(new App(), 'P');
    new MlPlatform(stack, 'Platform', { alarmEmail: stringParam(stack, 'Email', 'ops@example.com') });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain('{"Ref":"Email"}');
  });

  test('a token challenger share is refused with the reason (the champion\'s weight is 100 minus it, computed at synth)', () => {
    const stack = new Stack(new App(), 'P');
    expect(() => new MlPlatform(stack, 'Platform', { challengerTrafficPercent: numberParam(stack, 'Share', 10) }))
      .toThrow(/MlPlatform 'P\/Platform': challengerTrafficPercent is a token\. The A\/B weights are computed at synth/);
  });
});
