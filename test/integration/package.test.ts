/**
 * The published package works for a consumer: `npm pack` yields a tarball that a separate CDK app installs and
 * synthesizes with, with no esbuild (Lambda handlers ship pre-bundled) and no TypeScript. What it ships is the jsii
 * build (declarations marked @internal stripped) and no script that would run at a consumer's install.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

test('npm pack yields a package a separate CDK app can synthesize with, without esbuild', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-consumer-'));
  // npm test has just built dist/ (tsc, then jsii over it), so pack without running prepack (the same jsii build) again.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  const files: string[] = info.files.map((f: { path: string }) => f.path);
  expect(files).toContain('dist/lib/index.js');
  expect(files).toContain('dist/cli/cdk-mlops.js');
  expect(files).toContain('dist/lambda-bundles/rollout-controller/index.js');
  expect(files).toContain('assets/model/model.tar.gz');
  expect(files.some((f) => f.startsWith('test/') || f.startsWith('lib/') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);

  // The consumer: its own node_modules with the package and its peer dependencies only.
  const nm = path.join(work, 'node_modules');
  fs.mkdirSync(path.join(nm, 'cdk-mlops'), { recursive: true });
  execFileSync('tar', ['-xzf', path.join(work, info.filename), '-C', path.join(nm, 'cdk-mlops'), '--strip-components=1']);
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    fs.symlinkSync(path.join(root, 'node_modules', peer), path.join(nm, peer), 'dir');
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(nm, 'cdk-mlops', 'package.json'), 'utf8'));
  expect(Object.keys(pkg.dependencies ?? {})).not.toContain('esbuild');
  // No lifecycle script runs at install (npm flags them, and `prepare` would run a dev build); packing builds with jsii.
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[script]).toBeUndefined();
  // prepack: no stale files of a deleted source (dist/lib, dist/contracts emptied first), then the jsii build.
  expect(pkg.scripts.prepack).toMatch(/^node -e .*rmSync.* && npm run jsii && node scripts\/bundle\.js$/);
  const tsconfigJsii = JSON.parse(fs.readFileSync(path.join(root, pkg.jsii.tsconfig), 'utf8'));
  expect(tsconfigJsii.compilerOptions.stripInternal).toBe(true);
  const declarations = files.filter((f) => f.endsWith('.d.ts'));
  expect(declarations.length).toBeGreaterThan(50);
  const withInternal = declarations.filter((f) => fs.readFileSync(path.join(nm, 'cdk-mlops', f), 'utf8').includes('@internal'));
  expect(withInternal).toEqual([]);
  expect(Object.keys(pkg.peerDependencies)).toEqual(expect.arrayContaining(['aws-cdk-lib', 'constructs']));

  fs.writeFileSync(path.join(work, 'app.js'), `
    const { App, Stack } = require('aws-cdk-lib');
    const { MlPlatform, ModelEndpoint, Model, ContainerImage, BuiltInAlgorithm } = require('cdk-mlops');
    const app = new App();
    const stack = new Stack(app, 'Consumer');
    const platform = new MlPlatform(stack, 'Platform');
    const model = new Model(stack, 'Extra', { image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7) });
    new ModelEndpoint(stack, 'Own', { variants: [{ variantName: 'only', model }] });
    app.synth();
  `);
  const r = spawnSync(process.execPath, ['app.js'], {
    cwd: work,
    encoding: 'utf8',
    // NODE_PATH empty and cwd outside the repository: nothing resolves from the repository's node_modules.
    env: { ...process.env, NODE_PATH: '', CDK_OUTDIR: path.join(work, 'cdk.out') },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const template = JSON.parse(fs.readFileSync(path.join(work, 'cdk.out', 'Consumer.template.json'), 'utf8'));
  const types = Object.values(template.Resources).map((res: any) => res.Type);
  expect(types.filter((t) => t === 'AWS::SageMaker::Endpoint')).toHaveLength(2);
  // The shipped operator CLI runs from the consumer without the AWS SDK installed (it is bundled in).
  const cli = path.join(nm, 'cdk-mlops', pkg.bin['cdk-mlops']);
  const sim = spawnSync(process.execPath, [cli, 'simulate', '--strategy', 'canary:10:300', '--seeds', '2', '--json'], { cwd: work, encoding: 'utf8' });
  expect(sim.status).toBe(0);
  expect(JSON.parse(sim.stdout)).toBeDefined();
  // With no reachable AWS endpoint the rollout commands fail as an AWS error (exit 4), not as a missing module.
  const status = spawnSync(process.execPath, [cli, 'rollout', 'status', 'my-endpoint', '--table', 'rollouts', '--region', 'us-east-1'], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1' },
    timeout: 60000,
  });
  expect(status.stderr).not.toMatch(/MODULE_NOT_FOUND|need the AWS SDK/);
  expect(status.status).toBe(4);
  const usage = spawnSync(process.execPath, [cli, 'rollout', 'explode'], { cwd: work, encoding: 'utf8' });
  expect(usage.status).toBe(2);
  // esbuild is not reachable from the consumer app.
  const probe = spawnSync(process.execPath, ['-e', "require.resolve('esbuild')"], { cwd: work, env: { ...process.env, NODE_PATH: '' } });
  expect(probe.status).not.toBe(0);
  fs.rmSync(work, { recursive: true, force: true });
});
