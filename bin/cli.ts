#!/usr/bin/env node
/** Operator CLI of cdk-mlops (bin "cdk-mlops" in package.json): rollout status and control, strategy simulation. */
import { main } from './cli/main';

main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`unexpected error: ${String(e)}\n`);
  process.exitCode = 4;
});
