/** The CLI's SDK client settings: --region first, then the environment's; a service's own endpoint variable first. */
import { cliClientConfig } from '../../bin/cli/client-config';

test('region from the flag, else AWS_REGION, else AWS_DEFAULT_REGION, else left to the SDK (profile)', () => {
  const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-2' };
  expect(cliClientConfig('ap-south-1', env)).toEqual({ region: 'ap-south-1' });
  expect(cliClientConfig(undefined, env)).toEqual({ region: 'eu-west-1' });
  expect(cliClientConfig(undefined, { AWS_DEFAULT_REGION: 'us-east-2' })).toEqual({ region: 'us-east-2' });
  expect(cliClientConfig(undefined, {})).toEqual({ region: undefined });
});

test('an emulator endpoint from AWS_ENDPOINT_URL, or the service\'s own variable when that is set', () => {
  const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:6000' };
  expect(cliClientConfig('us-east-1', env)).toEqual({ region: 'us-east-1', endpoint: 'http://127.0.0.1:5000' });
  expect(cliClientConfig('us-east-1', env, 'AWS_ENDPOINT_URL_CLOUDFORMATION')).toEqual({ region: 'us-east-1', endpoint: 'http://127.0.0.1:6000' });
  expect(cliClientConfig('us-east-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }, 'AWS_ENDPOINT_URL_CLOUDFORMATION'))
    .toEqual({ region: 'us-east-1', endpoint: 'http://127.0.0.1:5000' });
});
