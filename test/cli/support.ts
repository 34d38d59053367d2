/** Runs the CLI in-process with captured streams and an optional fake AWS. */
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
