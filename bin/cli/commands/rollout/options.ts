/** Options every `rollout` command takes, and the AWS access they resolve to. */
import { Command } from 'commander';
import type { CliAws } from '../../aws';
import { UsageError } from '../../io';
import type { CliContext } from '../../program';

export interface RolloutOptions {
  readonly table?: string;
  readonly region?: string;
  readonly json?: boolean;
}

/** Adds --table, --region and --json to a rollout command. */
export function withRolloutOptions(cmd: Command): Command {
  return cmd
    .option('--table <name>', 'rollout table (the RolloutTable output of the stack) (default: $CDK_MLOPS_ROLLOUT_TABLE)')
    .option('--region <region>', 'AWS region (default: $AWS_REGION, $AWS_DEFAULT_REGION or the AWS profile\'s)')
    .option('--json', 'machine-readable output (errors too)');
}

export interface RolloutTarget {
  readonly table: string;
  readonly aws: CliAws;
}

/** The table name and the AWS clients; a missing table is a usage error that says how to give it. */
export async function rolloutTarget(opts: RolloutOptions, ctx: CliContext): Promise<RolloutTarget> {
  const table = opts.table ?? ctx.io.env.CDK_MLOPS_ROLLOUT_TABLE;
  if (!table) {
    throw new UsageError('the rollout table is unknown',
      'pass --table <name> or set CDK_MLOPS_ROLLOUT_TABLE (the stack output RolloutTable)');
  }
  const region = opts.region ?? ctx.io.env.AWS_REGION ?? ctx.io.env.AWS_DEFAULT_REGION;
  ctx.target = { table, ...(region ? { region } : {}) };
  // Loaded lazily: `simulate` and --help never load the AWS SDK.
  const aws = ctx.aws ?? (await import('../../aws')).cliAws(table, opts.region, ctx.io.env);
  return { table, aws };
}

export function nowSeconds(ctx: CliContext): number {
  return Math.floor((ctx.io.now ?? Date.now)() / 1000);
}
