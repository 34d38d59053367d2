import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

/**
 * The reference model shipped in assets/model: a SageMaker built-in XGBoost (1.7-1) model.tar.gz.
 * These tests need python3 with numpy (no xgboost): predict.py is an independent evaluator of the
 * XGBoost JSON model, train.py must reproduce the shipped model byte for byte.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const MODEL_DIR = path.join(ROOT, 'assets', 'model');
const ARCHIVE = path.join(MODEL_DIR, 'model.tar.gz');
const PAYLOADS = path.join(ROOT, 'assets', 'payloads', 'iris-samples.jsonl');
const ARCHIVE_MTIME = 946684800; // 2000-01-01T00:00:00Z

interface TarEntry { name: string; mode: number; uid: number; gid: number; size: number; mtime: number; type: string; data: Buffer }

/** Minimal ustar reader: enough to inspect a one-file archive without extra dependencies. */
function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  const str = (b: Buffer) => b.toString('utf8').replace(/\0.*$/s, '');
  const oct = (b: Buffer) => parseInt(str(b).trim() || '0', 8);
  let off = 0;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    const size = oct(h.subarray(124, 136));
    const prefix = str(h.subarray(345, 500));
    const name = (prefix ? prefix + '/' : '') + str(h.subarray(0, 100));
    entries.push({
      name, size,
      mode: oct(h.subarray(100, 108)), uid: oct(h.subarray(108, 116)), gid: oct(h.subarray(116, 124)),
      mtime: oct(h.subarray(136, 148)), type: str(h.subarray(156, 157)) || '0',
      data: tar.subarray(off + 512, off + 512 + size),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

function modelFileOf(archive: string): Buffer {
  const entries = readTar(zlib.gunzipSync(fs.readFileSync(archive)));
  expect(entries.map((e) => e.name)).toEqual(['xgboost-model']);
  return entries[0].data;
}

function python(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', args, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('shipped model.tar.gz', () => {
  const archive = fs.readFileSync(ARCHIVE);

  test('is a reproducible gzip tar with exactly xgboost-model at its root', () => {
    // gzip header: magic, deflate, no FNAME flag, fixed mtime
    expect(archive.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
    expect(archive[3] & 0x08).toBe(0);
    expect(archive.readUInt32LE(4)).toBe(ARCHIVE_MTIME);
    const entries = readTar(zlib.gunzipSync(archive));
    expect(entries).toHaveLength(1);
    const [e] = entries;
    expect(e).toMatchObject({ name: 'xgboost-model', type: '0', uid: 0, gid: 0, mode: 0o644, mtime: ARCHIVE_MTIME });
    expect(e.size).toBe(e.data.length);
  });

  test('holds an XGBoost 1.7 JSON binary:logistic gbtree model with the fields the loader needs', () => {
    const raw = modelFileOf(ARCHIVE);
    // XGBoost's stream loader dispatches to JSON on '{' followed by '"'.
    expect(raw.subarray(0, 2).toString()).toBe('{"');
    const model = JSON.parse(raw.toString('utf8'));
    expect(model.version.slice(0, 2)).toEqual([1, 7]);
    const learner = model.learner;
    expect(learner.attributes).toEqual({});
    expect(learner.feature_names).toEqual([]);
    expect(learner.objective).toEqual({ name: 'binary:logistic', reg_loss_param: { scale_pos_weight: '1' } });
    expect(learner.learner_model_param).toMatchObject({ base_score: '5E-1', num_class: '0', num_feature: '4', num_target: '1' });
    expect(learner.gradient_booster.name).toBe('gbtree');
    const { trees, tree_info: treeInfo, gbtree_model_param: gbParam } = learner.gradient_booster.model;
    expect(trees.length).toBeGreaterThanOrEqual(10);
    expect(trees.length).toBeLessThanOrEqual(20);
    expect(gbParam.num_trees).toBe(String(trees.length));
    expect(treeInfo).toEqual(trees.map(() => 0));
    trees.forEach((tree: any, i: number) => {
      expect(tree.id).toBe(i);
      const n = Number(tree.tree_param.num_nodes);
      expect(tree.tree_param).toEqual({ num_deleted: '0', num_feature: '4', num_nodes: String(n), size_leaf_vector: '0' });
      for (const key of ['left_children', 'right_children', 'parents', 'split_indices', 'split_conditions',
        'default_left', 'split_type', 'base_weights', 'loss_changes', 'sum_hessian']) {
        expect(tree[key]).toHaveLength(n);
      }
      expect(tree.parents[0]).toBe(2147483647);
      // depth ≤ 3: at most 15 nodes, every leaf within 3 edges of the root
      expect(n).toBeLessThanOrEqual(15);
      const depth = (node: number): number =>
        tree.left_children[node] === -1 ? 0 : 1 + Math.max(depth(tree.left_children[node]), depth(tree.right_children[node]));
      expect(depth(0)).toBeLessThanOrEqual(3);
      expect(tree.split_indices.every((f: number) => f >= 0 && f < 4)).toBe(true);
    });
  });

  test('passes predict.py --check: schema, accuracy ≥ 0.95 on the 150 iris rows, sample payloads', () => {
    const r = python(['assets/model/predict.py', '--check']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.schemaErrors).toEqual([]);
    expect(report.rows).toBe(150);
    expect(report.features).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.payloads.length).toBeGreaterThanOrEqual(5);
    expect(report.payloads.every((p: any) => p.ok)).toBe(true);
    expect(report.ok).toBe(true);
    expect(r.status).toBe(0);

    const metrics = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'metrics.json'), 'utf8'));
    expect(metrics.train.accuracy).toBeCloseTo(report.accuracy, 6);
  });

  test('predict.py serves text/csv rows (no header, no label) like the container: one probability per row', () => {
    const out = execFileSync('python3', ['assets/model/predict.py'], {
      cwd: ROOT, encoding: 'utf8', input: '5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n',
    });
    const probs = out.trim().split('\n').map(Number);
    expect(probs).toHaveLength(2);
    expect(probs[0]).toBeLessThan(0.5);
    expect(probs[1]).toBeGreaterThan(0.5);
  });

  test('a model re-serialised by JSON.stringify is rejected (5.0 becomes 5, an Integer to XGBoost)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-model-'));
    try {
      const broken = path.join(tmp, 'xgboost-model');
      fs.writeFileSync(broken, JSON.stringify(JSON.parse(modelFileOf(ARCHIVE).toString('utf8'))));
      const r = python(['assets/model/predict.py', '--check', '--model', broken]);
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.schemaErrors.join('\n')).toMatch(/decimal point/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('sample payloads', () => {
  test('one text/csv row of 4 numbers each, with an expected class', () => {
    const lines = fs.readFileSync(PAYLOADS, 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const labels = new Set<number>();
    for (const line of lines) {
      const p = JSON.parse(line);
      expect(p.contentType).toBe('text/csv');
      expect(p.body).not.toMatch(/\n/);
      const fields = p.body.split(',');
      expect(fields).toHaveLength(4);
      expect(fields.every((v: string) => Number.isFinite(Number(v)) && v.trim() !== '')).toBe(true);
      expect([0, 1]).toContain(p.expected.predictedLabel);
      expect(p.expected.probability).toBeGreaterThanOrEqual(0);
      expect(p.expected.probability).toBeLessThanOrEqual(1);
      labels.add(p.expected.predictedLabel);
    }
    expect([...labels].sort()).toEqual([0, 1]);
  });
});

describe('train.py', () => {
  test('is deterministic: a fresh run reproduces the shipped model file, tar stream and metrics', () => {
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-train-')));
    try {
      for (const dir of dirs) {
        const r = python(['assets/model/train.py', '--out-dir', dir]);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/train accuracy=0\.9\d+/);
      }
      const [a, b] = dirs.map((d) => path.join(d, 'model.tar.gz'));
      // identical model bytes and uncompressed tar stream as the shipped artifact
      expect(modelFileOf(a).equals(modelFileOf(ARCHIVE))).toBe(true);
      expect(zlib.gunzipSync(fs.readFileSync(a)).equals(zlib.gunzipSync(fs.readFileSync(ARCHIVE)))).toBe(true);
      expect(fs.readFileSync(path.join(dirs[0], 'metrics.json'), 'utf8'))
        .toBe(fs.readFileSync(path.join(MODEL_DIR, 'metrics.json'), 'utf8'));
      // and, within one environment (same zlib), byte-identical archives
      expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    } finally {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
