/** Runs the CLI in-process with captured streams and an optional fake AWS. */
import { RolloutRecord, weightsFor } from '../../lambda/core/rollout';
import { CliAws } from '../../bin/cli/aws';
import { CliIo } from '../../bin/cli/io';
import { main } from '../../bin/cli/main';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(argv: readonly string[], opts: { env?: CliIo['env']; aws?: CliAws; io?: Partial<CliIo> } = {}):
Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, env: opts.env ?? {}, ...opts.io };
  const code = await main(argv, io, opts.aws);
  return { code, out, err };
}

/**
 * A fake AWS whose rollout record moves through `records`, one per read (the last one stays); an operator command is
 * accepted with `commandAccepted` as the updated record.
 */
export function advancingAws(records: Array<RolloutRecord | undefined>, more: { commandAccepted?: RolloutRecord;
  candidateInvocations?: number } = {}): CliAws & { reads: number } {
  const fake = {
    reads: 0,
    getRecord: async () => records[Math.min(fake.reads++, records.length - 1)],
    sendCommand: async () => (more.commandAccepted
      ? { kind: 'COMMAND', reason: 'left for the controller', before: more.commandAccepted, record: more.commandAccepted, verified: true, recorded: false }
      : { kind: 'NOT_ACTIVE', reason: 'no active rollout', before: records[records.length - 1], verified: true, recorded: false }),
    readAlarms: async () => [{ name: 'ep-5xx', state: 'OK' as const }],
    readEndpoint: async () => ({ status: 'InService', weights: weightsFor(10) }),
    ...(more.candidateInvocations !== undefined ? { readInvocations: async () => more.candidateInvocations! } : {}),
  };
  return fake;
}

/**
 * The CLI against the moto world of `useMotoWorld()` (test/lambda/handlers/moto-fixture.ts): it builds its own clients,
 * so credentials come from the SDK's environment variables, and the world's rollout table is its table. Call inside a
 * describe, after useMotoWorld.
 */
export function useMotoCli(ctx: { readonly moto: { readonly endpoint: string }; readonly world: { readonly tableName: string } }):
(...argv: string[]) => Promise<CliRun> {
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  });
  return (...argv) => runCli(argv, {
    env: { AWS_ENDPOINT_URL: ctx.moto.endpoint, AWS_REGION: 'us-east-1', CDK_MLOPS_ROLLOUT_TABLE: ctx.world.tableName },
  });
}
