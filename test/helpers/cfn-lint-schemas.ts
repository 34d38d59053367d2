/**
 * Resource schemas for cfn-lint that add properties CloudFormation accepts but the installed cfn-lint does not know
 * yet (test/helpers/cfn-schema-patches.json, each with its source). Each patch goes into a copy of cfn-lint's own
 * schema for that type, only while that schema lacks the property; the copies are passed with --registry-schemas,
 * which replaces the built-in schema of the type. Everything else about the type is cfn-lint's.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface SchemaPatch {
  readonly type: string;
  readonly property: string;
  readonly source: string;
  readonly definition: unknown;
}

export interface PatchedSchemas {
  /** Directory of patched schemas to pass with --registry-schemas, or undefined when cfn-lint needs no patch. */
  readonly dir?: string;
  /** `<type>.<property>` of every patch applied (cfn-lint lacked the property). */
  readonly applied: string[];
}

const PATCHES = path.join(__dirname, 'cfn-schema-patches.json');

// Reads cfn-lint's schema of each patched type (its own patches applied) and adds the missing properties.
const PYTHON = `
import json, os, sys
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
patches, out = json.load(open(sys.argv[1]))['patches'], sys.argv[2]
schemas, applied = {}, []
for p in patches:
    s = schemas.get(p['type']) or PROVIDER_SCHEMA_MANAGER.get_resource_schema('us-east-1', p['type']).schema
    if p['property'] in s['properties']:
        continue
    s['properties'][p['property']] = {'$ref': '#/definitions/' + p['property']}
    s.setdefault('definitions', {})[p['property']] = p['definition']
    schemas[p['type']] = s
    applied.append(p['type'] + '.' + p['property'])
os.makedirs(out, exist_ok=True)
for t, s in schemas.items():
    # Written aside and renamed: several test processes may write the same file while cfn-lint reads it.
    f = os.path.join(out, t.replace('::', '-').lower() + '.json')
    json.dump(s, open(f + '.' + str(os.getpid()), 'w'))
    os.replace(f + '.' + str(os.getpid()), f)
print(json.dumps(applied))
`;

let cached: PatchedSchemas | undefined;

/** The patched schemas for this machine's cfn-lint (computed once per process). */
export function patchedCfnLintSchemas(): PatchedSchemas {
  if (cached) return cached;
  const patches = fs.readFileSync(PATCHES, 'utf8');
  JSON.parse(patches).patches.forEach((p: SchemaPatch) => {
    if (!p.type || !p.property || !p.source || !p.definition) throw new Error(`${PATCHES}: every patch needs type, property, source and definition`);
  });
  const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const key = crypto.createHash('sha256').update(`${version}\n${patches}`).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `cdk-mlops-cfnlint-schemas-${key}`);
  const r = spawnSync('python3', ['-c', PYTHON, PATCHES, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not patch cfn-lint's schemas: ${r.stderr}`);
  const applied = JSON.parse(r.stdout) as string[];
  cached = { dir: applied.length > 0 ? dir : undefined, applied };
  return cached;
}
