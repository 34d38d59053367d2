#!/usr/bin/env node
// Compares `cdk synth` of the reference app between checkouts, for measuring a change on a busy machine where
// `npm run bench -- synth` alone swings with the load: each checkout's app as its cdk.json runs it
// (`node <checkout>/scripts/cdk-app.js`, run from that checkout so its cdk.json context applies) and the same
// minimal app as scripts/bench.js (one bare CfnEndpoint, run from the first checkout), all through the cdk CLI with
// the same arguments, built-in validation off, round-robin after one warm-up each. Prints per app the median wall
// time and the median CPU time (user + system of the CLI and the app: less sensitive to other processes than wall
// time), and each as a ratio to the minimal app.
//   node scripts/bench-synth-compare.js <runs> <label>=<checkout> [<label>=<checkout> ...]
// e.g. `git worktree add --detach /tmp/before main~1 && ln -s "$PWD/node_modules" /tmp/before/node_modules`, then
//      node scripts/bench-synth-compare.js 5 before=/tmp/before after=.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [runsArg, ...specs] = process.argv.slice(2);
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || specs.length === 0 || specs.some((s) => !s.includes('='))) {
  console.error('usage: node scripts/bench-synth-compare.js <runs> <label>=<checkout> [<label>=<checkout> ...]');
  process.exit(2);
}
if (!fs.existsSync('/usr/bin/time')) {
  console.error('bench-synth-compare: needs /usr/bin/time (GNU time) for the CPU time of the CLI and the app');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-synth-compare-'));
const apps = specs.map((s) => {
  const i = s.indexOf('=');
  const root = path.resolve(s.slice(i + 1));
  return { label: s.slice(0, i), root, app: `node ${path.join(root, 'scripts', 'cdk-app.js')}`, wall: [], cpu: [] };
});
const first = apps[0].root;
const minimal = path.join(work, 'minimal.js');
fs.writeFileSync(minimal, [
  `const { App, Stack } = require(${JSON.stringify(path.join(first, 'node_modules', 'aws-cdk-lib'))});`,
  `const sagemaker = require(${JSON.stringify(path.join(first, 'node_modules', 'aws-cdk-lib', 'aws-sagemaker'))});`,
  'const app = new App();',
  "const stack = new Stack(app, 'Minimal');",
  "new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: 'config' });",
  'app.synth();',
].join('\n'));
apps.push({ label: 'minimal', root: first, app: `node ${minimal}`, wall: [], cpu: [] });

function once(a) {
  const out = path.join(work, `out-${a.label}`);
  fs.rmSync(out, { recursive: true, force: true });
  const cli = path.join(a.root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, cli, 'synth', '--quiet', '--app', a.app,
    '--output', out, '--no-notices', '--no-version-reporting'], {
    cwd: a.root, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_VALIDATION: 'false' },
  });
  if (r.status !== 0) throw new Error(`cdk synth of ${a.label} failed:\n${r.stderr}`);
  const [wall, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys };
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

try {
  for (const a of apps) once(a);
  for (let i = 0; i < runs; i++) {
    for (const a of apps) {
      const t = once(a);
      a.wall.push(t.wall);
      a.cpu.push(t.cpu);
    }
  }
  const min = apps[apps.length - 1];
  for (const a of apps) {
    console.log(`synth-compare ${a.label}: wall=${median(a.wall).toFixed(2)}s cpu=${median(a.cpu).toFixed(2)}s ` +
      `ratio-wall=${(median(a.wall) / median(min.wall)).toFixed(2)} ratio-cpu=${(median(a.cpu) / median(min.cpu)).toFixed(2)}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
