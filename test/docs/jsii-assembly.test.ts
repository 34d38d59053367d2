/**
 * The public API as jsii sees it (the `.jsii` assembly `npm run jsii` writes; `npm test` runs it first):
 * every type, property, method and enum member has a summary, and lib/index exports nothing that other
 * languages would silently lose (top-level constants and functions are not part of a jsii assembly).
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const assemblyPath = path.join(root, '.jsii');

interface Docs { summary?: string }
interface Member { name: string; docs?: Docs; locationInModule?: { filename: string; line: number } }
interface JsiiType extends Member {
  fqn: string; kind: 'class' | 'interface' | 'enum';
  properties?: Member[]; methods?: Member[]; members?: Member[]; initializer?: Member;
}

function assembly(): { types: Record<string, JsiiType> } {
  if (!fs.existsSync(assemblyPath)) {
    throw new Error(`No .jsii assembly at ${assemblyPath}: run 'npm run jsii' first (npm test does).`);
  }
  return JSON.parse(fs.readFileSync(assemblyPath, 'utf8'));
}

test('every public type, property, method and enum member has a summary', () => {
  const missing: string[] = [];
  const where = (m: Member, t: JsiiType) => {
    const loc = m.locationInModule ?? t.locationInModule;
    return loc ? ` (${loc.filename}:${loc.line})` : '';
  };
  for (const t of Object.values(assembly().types)) {
    if (!t.docs?.summary) missing.push(`${t.fqn}${where(t, t)}`);
    for (const m of [...(t.properties ?? []), ...(t.methods ?? []), ...(t.members ?? [])]) {
      if (!m.docs?.summary) missing.push(`${t.fqn}.${m.name}${where(m, t)}`);
    }
  }
  if (missing.length > 0) {
    throw new Error(`${missing.length} public API members have no doc comment (add a /** summary */):\n${missing.join('\n')}`);
  }
});

test('lib/index exports only what jsii carries to other languages', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = Object.keys(require(path.join(root, 'lib')));
  const names = new Set(Object.values(assembly().types).map((t) => t.fqn.replace(/^cdk-mlops\./, '')));
  const lost = runtime.filter((n) => !names.has(n));
  if (lost.length > 0) {
    throw new Error(`lib/index exports ${lost.join(', ')}, which jsii drops (constants and functions are not in the assembly): ` +
      'make them static members of a class, or keep them internal (lib/<area>/private/, or out of the index).');
  }
});
