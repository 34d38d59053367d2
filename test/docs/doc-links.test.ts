/**
 * Every relative link of README.md and docs/*.md leads somewhere: the file exists, and an #anchor names one of its
 * headings (GitHub's slugs). The guides other issues are writing may be missing until they are merged.
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { docFiles } = require('../../scripts/doc-examples');

const root = path.resolve(__dirname, '..', '..');

/** Guides the README's map links to that other issues add; remove each from here once it is in the tree. */
const PENDING_GUIDES = new Set(['docs/drift-statistics.md', 'docs/permissions.md', 'docs/rollout-lifecycle.md',
  'docs/reports.md', 'docs/inference-components.md', 'docs/ten-second-signals.md']);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  let fenced = false;
  const out = new Set<string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const h = !fenced && /^#{1,6} (.+)$/.exec(line);
    if (h) out.add(slug(h[1]));
  }
  return out;
}

test('every relative link of the docs resolves, anchors included', () => {
  const broken: string[] = [];
  let links = 0;
  for (const doc of docFiles(root) as string[]) {
    const text = fs.readFileSync(path.join(root, doc), 'utf8');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      links++;
      const [file, anchor] = target.split('#');
      const resolved = file ? path.normalize(path.join(path.dirname(doc), file)) : doc;
      if (PENDING_GUIDES.has(resolved.split(path.sep).join('/')) && !fs.existsSync(path.join(root, resolved))) continue;
      if (!fs.existsSync(path.join(root, resolved))) {
        broken.push(`${doc}: ${target} (no file ${resolved})`);
      } else if (anchor && resolved.endsWith('.md') && !anchors(path.join(root, resolved)).has(anchor)) {
        broken.push(`${doc}: ${target} (no heading #${anchor} in ${resolved})`);
      }
    }
  }
  expect(links).toBeGreaterThan(20);
  expect(broken).toEqual([]);
});
