#!/usr/bin/env node
/** Operator CLI of cdk-mlops (bin "cdk-mlops" in package.json): rollout status and control, strategy simulation. */
import { main } from './cli/main';

// The bundled AWS SDK warns on Node.js 20 about its own future releases; this bundle pins its SDK, so the warning
// is noise for CLI users. The SDK's own switch turns it off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `cdk-mlops ... | head` closes the pipe before the output ends: stop quietly, as other command-line tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  isTty: process.stdout.isTTY === true,
}).then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`unexpected error: ${String(e)}\n`);
  process.exitCode = 4;
});
