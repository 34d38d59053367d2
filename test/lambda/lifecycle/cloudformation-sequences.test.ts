/**
 * The lifecycle table (lifecycle-table.ts) in memory: the TypeScript guard, trigger and controller handlers against
 * cfn-world.ts, with short retry and settle timings, in the three ways SageMaker takes a weight order. The same table
 * runs through the shipped bundles against moto_server in test/integration/lifecycle-table.moto.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { captureLogs, fastTiming } from '../handlers/support';
import { CfnWorld } from './cfn-world';
import { lifecycleTable, PATHS } from './lifecycle-table';

lifecycleTable(['INSTANT', 'SLOW', 'REFUSED'], {
  newWorld: async () => new CfnWorld(),
  beforeEach: () => {
    fastTiming();
    captureLogs();
  },
});

test('docs/rollout-lifecycle.md lists exactly the paths of this table', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'rollout-lifecycle.md'), 'utf8');
  const listed = doc.split('<!-- lifecycle-rows:start -->')[1].split('<!-- lifecycle-rows:end -->')[0]
    .split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
  expect(listed).toEqual(PATHS);
});
