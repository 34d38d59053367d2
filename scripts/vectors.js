#!/usr/bin/env node
// Reference checks. Usage: npm run vectors -- <file>  (e.g. ../shared/reference/stats-vectors.json)
// Runs every list of the file (every top-level array; `meta` and other non-lists are descriptions) through
// REFERENCE_CHECKS from dist/ (npm run vectors compiles first). Prints a line per list and a last line
// `vectors: checked=<cases> failed=<cases>`; a list with no check counts all its cases as failed. Exit 1 on any failure.
const fs = require('fs');
const path = require('path');

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run vectors -- <vectors file>');
  process.exit(2);
}
const checksModule = path.join(__dirname, '..', 'dist', 'lambda', 'core', 'reference-checks', 'index.js');
if (!fs.existsSync(checksModule)) {
  console.error(`${checksModule} is missing: build first (npx tsc -p tsconfig.json)`);
  process.exit(2);
}
const { REFERENCE_CHECKS } = require(checksModule);

let data;
try {
  data = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`cannot read ${file}: ${e.message}`);
  process.exit(2);
}

const verbose = process.env.VECTORS_VERBOSE === '1';
let checked = 0;
let failed = 0;
for (const [list, cases] of Object.entries(data)) {
  if (!Array.isArray(cases)) continue;
  checked += cases.length;
  const check = REFERENCE_CHECKS[list];
  if (!check) {
    failed += cases.length;
    console.log(`${list}: FAILED no check implements this list (${cases.length} cases)`);
    continue;
  }
  const failures = [];
  cases.forEach((c, i) => {
    let messages;
    try {
      messages = check(c);
    } catch (e) {
      messages = [`threw ${e && e.message ? e.message : String(e)}`];
    }
    if (messages.length > 0) failures.push(`  case ${i}: ${messages.join('; ')}`);
  });
  failed += failures.length;
  console.log(`${list}: ${failures.length === 0 ? 'ok' : 'FAILED'} cases=${cases.length} failed=${failures.length}`);
  for (const f of verbose ? failures : failures.slice(0, 5)) console.log(f);
  if (!verbose && failures.length > 5) console.log(`  … ${failures.length - 5} more (VECTORS_VERBOSE=1 shows all)`);
}
console.log(`vectors: checked=${checked} failed=${failed}`);
process.exit(failed > 0 ? 1 : 0);
