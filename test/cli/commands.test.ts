/**
 * The commander port: --help on every command, --version from package.json, usage errors with the fix, JSON errors
 * under --json, a missing table or region reported as such.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { CliAws } from '../../bin/cli/aws';
import { EXIT } from '../../bin/cli/io';
import { buildProgram } from '../../bin/cli/program';
import { runCli } from './support';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

/** A fake AWS with no rollouts at all. */
const emptyAws: CliAws = {
  getRecord: async () => undefined,
  sendCommand: async () => ({ kind: 'NOT_ACTIVE', reason: 'no rollout recorded', verified: true, recorded: false }),
  readAlarms: async () => [],
  readEndpoint: async () => { throw new Error('not called'); },
};

describe('cdk-mlops command line', () => {
  const paths = commandPaths(buildProgram({ io: { out: () => undefined, err: () => undefined, env: {} }, exitCode: 0 }));

  it('has the documented commands', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining([
      'rollout', 'rollout get', 'rollout status', 'rollout history', 'rollout pause', 'rollout resume', 'rollout promote',
      'rollout abort',
      'simulate',
    ]));
  });

  it('answers --help on every command with exit code 0 and its own usage line', async () => {
    for (const p of [[], ...paths.filter((x) => x[x.length - 1] !== 'help')]) {
      const r = await runCli([...p, '--help']);
      expect({ p, code: r.code }).toEqual({ p, code: 0 });
      expect(r.out).toContain(`Usage: cdk-mlops${p.length ? ' ' + p.join(' ') : ''}`);
    }
    expect((await runCli(['help', 'simulate'])).out).toContain('Usage: cdk-mlops simulate');
  });

  it('documents its exit codes in every --help, each as io.ts numbers it', async () => {
    const meaning = /^ {2}(\d) {2}\S/;
    for (const p of [[], ...paths.filter((x) => x[x.length - 1] !== 'help')]) {
      const help = (await runCli([...p, '--help'])).out;
      const section = help.slice(help.indexOf('\nExit codes:\n'));
      const codes = section.split('\n').map((l) => meaning.exec(l)?.[1]).filter(Boolean).map(Number);
      expect({ p, documented: codes.includes(0) && codes.includes(2) }).toEqual({ p, documented: true });
      expect(codes.every((c) => (Object.values(EXIT) as number[]).includes(c))).toBe(true);
      expect(section).toContain('{error, message, fix, exitCode}');
    }
    // Each command lists the codes it can return: check-diff 7, champion-slots 6, status and get 1 and 5.
    expect((await runCli(['check-diff', '--help'])).out).toMatch(/^ {2}7 {2}the diff replaces/m);
    expect((await runCli(['champion-slots', '--help'])).out).toMatch(/^ {2}6 {2}/m);
    for (const cmd of ['get', 'status']) expect((await runCli(['rollout', cmd, '--help'])).out).toMatch(/^ {2}1 {2}[\s\S]*^ {2}5 {2}--timeout/m);
  });

  it('says in abort\'s help that it acts at once, and in the others\' that the controller applies them', async () => {
    const abort = (await runCli(['rollout', 'abort', '--help'])).out;
    expect(abort).toContain('Acts at once, without waiting for the controller');
    expect(abort).not.toContain('next step');
    for (const cmd of ['pause', 'resume', 'promote']) {
      expect((await runCli(['rollout', cmd, '--help'])).out).toContain('The controller applies it at its next step');
    }
  });

  it('prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
    }
  });

  it('reports usage errors with the fix and exit code 2', async () => {
    const typo = await runCli(['simulate', '--rsp', '3']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("error: unknown option '--rsp'");
    expect(typo.err).toContain('Did you mean --rps?');
    expect(typo.err).toContain('fix: run: cdk-mlops simulate --help');

    const missing = await runCli(['rollout', 'get']);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("missing required argument 'endpoint'") });
    expect(missing.err).toContain('fix: run: cdk-mlops rollout get --help');

    expect((await runCli(['rollout', 'frobnicate', 'x'])).err).toContain("unknown command 'frobnicate'");
    expect((await runCli(['simulate', '--on-max-hold', 'MAYBE'])).err).toContain('Allowed choices are FAIL, ADVANCE');
    expect((await runCli(['simulate', '--rps', '-1'])).err).toContain('use a number >= 0');
    // A bare group shows its help on stderr, as a usage error.
    const bare = await runCli(['rollout']);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('Usage: cdk-mlops rollout');
  });

  it('writes every error as one JSON object on stdout under --json', async () => {
    const usage = await runCli(['simulate', '--rps', 'x', '--json']);
    expect(usage.code).toBe(2);
    expect(usage.err).toBe('');
    expect(JSON.parse(usage.out)).toEqual({
      error: 'USAGE', message: "option '--rps <n>' argument 'x' is invalid. use a number >= 0",
      fix: 'run: cdk-mlops simulate --help', exitCode: 2,
    });
    const table = await runCli(['rollout', 'get', 'ep', '--json']);
    expect(JSON.parse(table.out)).toMatchObject({ error: 'USAGE', message: 'the rollout table is unknown', exitCode: 2 });
    const notFound = await runCli(['rollout', 'pause', 'ep', '--table', 't', '--json'], { aws: emptyAws });
    expect(notFound.code).toBe(3);
    expect(JSON.parse(notFound.out)).toEqual({
      error: 'NOT_FOUND', message: 'nothing to pause: no rollout recorded for endpoint ep in table t', exitCode: 3,
      fix: expect.stringContaining('check the endpoint name'),
    });
    const strategy = await runCli(['simulate', '--strategy', 'zigzag', '--json']);
    expect(JSON.parse(strategy.out)).toMatchObject({ error: 'USAGE', message: '--strategy zigzag is not a strategy' });
  });

  it('names a missing region as such, not as an AWS error', async () => {
    const saved = { ...process.env };
    // No region anywhere the SDK looks: environment, profile files.
    for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete process.env[k];
    process.env.AWS_CONFIG_FILE = path.join(__dirname, 'no-such-config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(__dirname, 'no-such-credentials');
    try {
      const text = await runCli(['rollout', 'status', 'ep', '--table', 't']);
      expect(text.code).toBe(2);
      expect(text.err).toBe('error: no AWS region is configured\n' +
        'fix: pass --region <region>, set AWS_REGION, or set a region in your AWS profile\n');
      const json = await runCli(['rollout', 'get', 'ep', '--table', 't', '--json']);
      expect(JSON.parse(json.out)).toMatchObject({ error: 'MISSING_REGION', exitCode: 2 });
    } finally {
      process.env = saved;
    }
  });

  it('says when the table is unknown and how to give it', async () => {
    const r = await runCli(['rollout', 'status', 'ep']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the rollout table is unknown');
    expect(r.err).toContain('--table <name> or set CDK_MLOPS_ROLLOUT_TABLE');
  });
});
