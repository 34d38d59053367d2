/**
 * `cdk-mlops check-diff` on what the installed CDK CLI really prints: a diff of a small app whose changes are known
 * (test/helpers/cdk-diff.ts). Data resources replaced or removed fail the check (exit 7), everything else passes; the
 * acknowledgement, the digest and the errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiffChanges, realCdkDiff } from '../helpers/cdk-diff';
import { runCli } from './support';

let diffFile: string;
let diffText: string;
let CHANGES: DiffChanges;

beforeAll(() => {
  ({ text: diffText, changes: CHANGES } = realCdkDiff());
  diffFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'check-diff-')), 'diff.txt');
  fs.writeFileSync(diffFile, diffText);
}, 120000);

describe('cdk-mlops check-diff', () => {
  it('finds exactly the replaced and removed data resources of a real cdk diff', async () => {
    const r = await runCli(['check-diff', diffFile, '--json']);
    expect(r.code).toBe(7);
    const out = JSON.parse(r.out);
    expect(out.stacks).toEqual(['Data']);
    const found = out.dataChanges.map((c: any) => `${c.resourceType} ${c.logicalId} ${c.impact}`).sort();
    expect(found).toEqual([
      `AWS::DynamoDB::Table ${CHANGES.tableReplaced} replace`,
      `AWS::Glue::Database ${CHANGES.glueDatabaseRemoved} destroy`,
      `AWS::KMS::Key ${CHANGES.keyRemoved} orphan`,
      `AWS::S3::Bucket ${CHANGES.bucketReplaced} replace`,
      `AWS::S3::Bucket ${CHANGES.destroyedBucketRemoved} destroy`,
      `AWS::S3::Bucket ${CHANGES.retainedBucketRemoved} orphan`,
    ].sort());
    // A replacement names its construct path; the topic, the model and the tagged bucket are not data losses.
    expect(out.dataChanges.find((c: any) => c.logicalId === CHANGES.bucketReplaced).path).toBe('Named');
    for (const id of [CHANGES.topicReplaced, CHANGES.modelReplaced, CHANGES.bucketTagged]) {
      expect(diffText).toContain(id); // in the diff ...
      expect(r.out).not.toContain(`"logicalId":"${id}"`); // ... but not a data change
    }
    expect(out).toMatchObject({ error: 'DESTRUCTIVE', exitCode: 7, fix: expect.stringContaining('allow-destructive-data-changes') });
  });

  it('says what each change loses, with the fix on stderr, and passes when acknowledged', async () => {
    const r = await runCli(['check-diff', diffFile]);
    expect(r.code).toBe(7);
    expect(r.out).toContain(`AWS::S3::Bucket ${CHANGES.bucketReplaced} (Named) in Data is replaced by a new, empty one: the app loses its objects`);
    expect(r.out).toContain(`AWS::KMS::Key ${CHANGES.keyRemoved} in Data leaves the stack (retained)`);
    expect(r.err).toMatch(/^error: the diff replaces or removes 6 resource\(s\) that hold data\nfix: .*allow_destructive_data_changes/);
    const ok = await runCli(['check-diff', diffFile, '--allow-destructive']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('6 that lose data');
    expect(ok.err).toContain('acknowledged');
  });

  it('passes a diff without data losses', async () => {
    const harmless = diffText.split('\n').filter((l) => !/^\[[-~]\] AWS::(S3::Bucket|DynamoDB|KMS|Glue)/.test(l)).join('\n');
    const file = `${diffFile}.harmless`;
    fs.writeFileSync(file, harmless);
    const r = await runCli(['check-diff', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cdk diff: 1 stack\(s\), \d+ resource change\(s\), 0 that lose data\n$/);
  });

  it('gives a digest that ignores colours and what the CLI prints around the diff, and changes with the diff', async () => {
    const digest = async (text: string) => {
      const file = path.join(path.dirname(diffFile), `d-${Math.random()}.txt`);
      fs.writeFileSync(file, text);
      const r = await runCli(['check-diff', file, '--digest']);
      expect(r.code).toBe(0);
      return r.out.trim();
    };
    const plain = await digest(diffText);
    expect(plain).toMatch(/^[0-9a-f]{64}$/);
    const coloured = diffText.replace(/^\[~\]/gm, '\x1b[33m[~]\x1b[39m');
    expect(await digest(`cdk-mlops: synthesizing\n${coloured}\nNOTICES\n\n12345 something new\n`)).toBe(plain);
    expect(await digest(diffText.replace('cdk-mlops-diff-fixture-2', 'cdk-mlops-diff-fixture-3'))).not.toBe(plain);
  });

  it('refuses a file that is not a cdk diff, with the fix in text and JSON', async () => {
    const empty = `${diffFile}.empty`;
    fs.writeFileSync(empty, 'Error: something else\n');
    const r = await runCli(['check-diff', empty, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ error: 'NO_DIFF', fix: expect.stringContaining('> diff.txt 2>&1'), exitCode: 2 });
    const missing = await runCli(['check-diff', `${diffFile}.missing`]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: cannot read .*\nfix: /);
  });
});
