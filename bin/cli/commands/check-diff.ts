/**
 * `cdk-mlops check-diff <file>`: reads what `cdk diff` printed and fails (exit 7) when a change replaces or removes a
 * resource that holds data, unless --allow-destructive acknowledges it. The workflows run it on every pull request
 * and before every deploy.
 */
import * as fs from 'fs';
import { Command } from 'commander';
import { ALLOW_DESTRUCTIVE_INPUT, ALLOW_DESTRUCTIVE_LABEL } from '../../../contracts/github-delivery';
import { DATA_RESOURCE_TYPES, describeDataChange, summarizeDiff } from '../data-changes';
import { exitCodesHelp } from '../help';
import { CliError, EXIT } from '../io';
import type { CliContext } from '../program';

interface CheckDiffOptions {
  readonly allowDestructive?: boolean;
  readonly digest?: boolean;
  readonly json?: boolean;
}

export function registerCheckDiff(program: Command, ctx: CliContext): void {
  program.command('check-diff')
    .description('fail when a cdk diff replaces or removes a resource that holds data (buckets, tables, KMS keys, ' +
      'Glue databases and tables, model package groups, Redshift namespaces)')
    .argument('<file>', 'what `cdk diff --no-color > <file> 2>&1` wrote (cdk prints the diff on stderr, on stdout ' +
      'when CI=true); - for stdin')
    .option('--allow-destructive', 'report the destructive changes but exit 0 (they were reviewed and are intended)')
    .option('--digest', 'print only the sha256 of the diff\'s stack and change lines (to check that a diff is unchanged)')
    .option('--json', 'machine-readable output (errors too)')
    .addHelpText('after', `${exitCodesHelp(['OK', 'USAGE', 'DESTRUCTIVE'], 'no destructive change to data (or --allow-destructive)')}
In the reference workflows, acknowledge with the pull-request label ${ALLOW_DESTRUCTIVE_LABEL} or the deploy
workflow's input ${ALLOW_DESTRUCTIVE_INPUT}.
Checked types: ${Object.keys(DATA_RESOURCE_TYPES).join(', ')}.
Example: npx cdk diff --no-color > diff.txt 2>&1; npx cdk-mlops check-diff diff.txt`)
    .action((file: string, opts: CheckDiffOptions) => {
      ctx.exitCode = checkDiff(ctx, file, opts);
    });
}

function checkDiff(ctx: CliContext, file: string, opts: CheckDiffOptions): number {
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new CliError('USAGE', `cannot read ${file}: ${(e as Error).message}`, EXIT.USAGE,
      'give the file cdk diff\'s output was written to: npx cdk diff --no-color > diff.txt 2>&1');
  }
  const summary = summarizeDiff(text);
  if (summary.stacks.length === 0) {
    throw new CliError('NO_DIFF', `${file} holds no cdk diff (no "Stack <name>" line)`, EXIT.USAGE,
      'cdk diff prints on stderr (on stdout when CI=true): write both with npx cdk diff --no-color > diff.txt 2>&1');
  }
  if (opts.digest) {
    ctx.io.out(`${summary.digest}\n`);
    return EXIT.OK;
  }
  const destructive = summary.dataChanges.length > 0;
  const code = destructive && !opts.allowDestructive ? EXIT.DESTRUCTIVE : EXIT.OK;
  const fix = 'keep the logical ids and the properties that require replacement (cdk diff marks them); if the loss is ' +
    `intended, acknowledge it: the pull-request label ${ALLOW_DESTRUCTIVE_LABEL}, the deploy workflow's input ` +
    `${ALLOW_DESTRUCTIVE_INPUT}, or --allow-destructive`;
  const message = `the diff replaces or removes ${summary.dataChanges.length} resource(s) that hold data`;
  if (opts.json) {
    ctx.io.out(JSON.stringify({ ...summary, acknowledged: destructive && opts.allowDestructive === true,
      ...(code !== EXIT.OK ? { error: 'DESTRUCTIVE', message, fix } : {}), exitCode: code }) + '\n');
    return code;
  }
  ctx.io.out(`cdk diff: ${summary.stacks.length} stack(s), ${summary.resourceChanges} resource change(s), ` +
    `${summary.dataChanges.length} that lose data\n`);
  for (const c of summary.dataChanges) ctx.io.out(`  ${describeDataChange(c)}\n`);
  if (destructive && opts.allowDestructive) ctx.io.err('check-diff: acknowledged with --allow-destructive\n');
  if (code !== EXIT.OK) {
    ctx.io.err(`error: ${message}\nfix: ${fix}\n`);
  }
  return code;
}
