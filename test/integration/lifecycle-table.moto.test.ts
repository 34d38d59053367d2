/**
 * The lifecycle table (test/lambda/lifecycle/lifecycle-table.ts) through the shipped bundles: rollout-guard,
 * rollout-trigger (onEvent, isComplete), rollout-controller and rollout-rollback from dist/lambda-bundles (built by
 * `npm run build`, which `npm test` runs first), against moto_server behind the proxy that emulates SageMaker's
 * Updating state, UpdateEndpoint and the stack's status: the same 48 rows as in memory. The bundles keep their own
 * retry and settle timings; the clock they read (Date.now) is the test's, and their sleeps move it instead of waiting
 * (test/helpers/bundle-sleeps.ts).
 */
import * as fs from 'fs';
import { ROLLOUT_ENV } from '../../lambda/core/rollout';
import { haveMoto, MotoServer, startMoto } from '../helpers/moto';
import { SageMakerUpdatingProxy } from '../helpers/sagemaker-updating-proxy';
import { motoWorld } from '../lambda/handlers/moto-fixture';
import { lifecycleTable } from '../lambda/lifecycle/lifecycle-table';
import { bundlePath, MotoCfnWorld, MotoSuite, prepareSuite } from '../lambda/lifecycle/moto-cfn-world';

const built = ['rollout-guard', 'rollout-trigger', 'rollout-controller', 'rollout-rollback'].every((b) => fs.existsSync(bundlePath(b)));
if (!built && process.env.CI === 'true') throw new Error('the Lambda bundles are missing: run npm run build (npm test does)');
const maybe = haveMoto() && built ? describe : describe.skip;

maybe('the lifecycle table through the shipped bundles against moto_server', () => {
  let server: MotoServer;
  let suite: MotoSuite;
  let write: jest.SpyInstance;

  beforeAll(async () => {
    server = await startMoto();
    const proxy = await SageMakerUpdatingProxy.start(server.endpoint);
    suite = { moto: await motoWorld(server.endpoint), proxy, motoEndpoint: server.endpoint };
    await prepareSuite(suite);
    // The bundles log JSON lines to stdout: kept out of the test output.
    write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(async () => {
    write?.mockRestore();
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env[ROLLOUT_ENV.ROLLBACK_FUNCTION];
    await suite?.proxy.stop();
    await server?.stop();
  });

  lifecycleTable(['INSTANT', 'SLOW', 'REFUSED'], { newWorld: () => MotoCfnWorld.create(suite) });
});
