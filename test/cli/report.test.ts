/** `cdk-mlops report`: the drift window's model (bins, decisions, order), the rollout timeline, and the CLI. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { driftWindowReport, rebin } from '../../bin/cli/report/drift-model';
import { rolloutTimeline } from '../../bin/cli/report/rollout-model';
import { sampleRolloutExport, writeSampleDriftWindow } from '../helpers/report-samples';
import { runCli } from './support';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
const sample = writeSampleDriftWindow(dir);
const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));
const files = () => ({
  source: sample.window, baselineStatistics: read(sample.baseline), baselineConstraints: read(sample.constraints),
  windowStatistics: read(path.join(sample.window, 'statistics.json')), violations: read(path.join(sample.window, 'constraint_violations.json')),
  summary: read(path.join(sample.window, 'summary.json')),
});

describe('drift window report model', () => {
  it('spreads buckets of any width evenly over equal display bins; a point mass goes whole into its bin', () => {
    // [0,1]: 10 and [1,3]: 20 over three bins of width 1: 10, 10, 10; a point mass of 5 at 2 joins the last bin.
    expect(rebin([{ lower_bound: 0, upper_bound: 1, count: 10 }, { lower_bound: 1, upper_bound: 3, count: 20 },
      { lower_bound: 2, upper_bound: 2, count: 5 }], 0, 3, 3).map((b) => [b.lo, b.hi, b.share]))
      .toEqual([[0, 1, 10 / 35], [1, 2, 10 / 35], [2, 3, 15 / 35]]);
  });

  it('the shifted feature and the changed mix drift, the others do not; drift comes first, largest excess first', () => {
    const r = driftWindowReport(files());
    expect(r.features.map((f) => [f.name, f.decision])).toEqual([
      ['petal_length', 'drift'], ['species', 'drift'], expect.arrayContaining(['no drift']), expect.arrayContaining(['no drift'])]);
    const [petal] = r.features;
    // 2 SD apart: far past the 0.1 threshold (Model Monitor's default, from constraints.json).
    expect(petal.threshold).toBe(0.1);
    expect(petal.statistic!.value).toBeGreaterThan(0.5);
    expect(petal.violations.some((v) => v.startsWith('baseline_drift_check'))).toBe(true);
    // Both parts of the decision: 400 values against 400, a KS distance past 0.5 is far inside a 1% budget.
    expect(petal.test).toMatchObject({ name: 'two-sample KS', applicable: true, budget: 0.01 });
    expect(petal.test!.adjustedPValue).toBeLessThan(1e-6);
    expect(petal.decidedBy).toMatch(/^both: at least the effect size, and significant/);
    expect(r).toMatchObject({ start: '2026-12-02T10:00:00.000Z', end: '2026-12-02T10:15:00.000Z', records: 800, malformed: 0 });
    // Distributions on shared bins, each summing to 1.
    for (const f of r.features) {
      const shares = (d: typeof f.baseline) => (d.kind === 'numeric' ? d.bins : d.bars).map((b) => b.share);
      for (const s of [shares(f.baseline), shares(f.current)]) expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('shows the recorded decision, and says so when recomputing with other settings disagrees (and which part decided)', () => {
    const r = driftWindowReport({ ...files(), thresholds: { numericEffect: { statistic: 'ks_distance', size: 0.99 }, categoricalEffect: 0.99 } });
    const petal = r.features.find((f) => f.name === 'petal_length')!;
    expect(petal.decision).toBe('drift');
    expect(petal.note).toMatch(/recorded drift; recomputing .* gives no drift/);
    // Still significant, but a KS distance of 0.99 is not reached: the effect size vetoed the flag.
    expect(petal.threshold).toBe(0.99);
    expect(petal.decidedBy).toMatch(/^the effect size: significant, but smaller/);
  });

  it('reads what is there: without constraint_violations.json the decision is recomputed and that is said', () => {
    const { violations: _v, ...rest } = files();
    const r = driftWindowReport(rest);
    expect(r.features.find((f) => f.name === 'petal_length')!.decision).toBe('drift');
    expect(r.otherViolations.join('\n')).toMatch(/constraint_violations.json was not found/);
    const broken = driftWindowReport({ ...files(), summary: { version: 9 } });
    expect(broken.features.every((f) => f.statistic === undefined)).toBe(true);
    expect(broken.otherViolations.join('\n')).toMatch(/summary.json was not used: not a window summary/);
  });
});

describe('rollout timeline model', () => {
  it('weights from the events\' reasons, the end and the alarm that decided it', () => {
    const { record, history } = sampleRolloutExport();
    const t = rolloutTimeline(record, history);
    // 0% until the shift at 30 s, 10% until 330 s, 100% until the rollback at 460 s, then 0% for a tail of 46 s.
    expect(t.weights.map((w) => [w.second, w.orderedPercent])).toEqual([[30, 0], [330, 10], [460, 100], [506, 0]]);
    expect(t.dataSeconds).toBe(506);
    expect(t.end).toMatchObject({ second: 460, kind: 'ROLLBACK', outcome: 'ROLLED_BACK', cause: 'ALARM' });
    expect(t.deciding).toEqual({ second: 460, source: 'alarm', label: 'rolling back to stable: alarm cdk-mlops-rollout-CdkMlops-green-5xx is in ALARM' });
    // An older rollout: its history row only.
    expect(rolloutTimeline(undefined, history).facts).toContain('only the history row is kept for this rollout: no event log');
  });
});

describe('cdk-mlops report', () => {
  it('report drift writes one self-contained HTML file: no script, nothing fetched', async () => {
    const out = path.join(dir, 'drift.html');
    const r = await runCli(['report', 'drift', sample.window, '--baseline', sample.baseline, '--constraints', sample.constraints, '--out', out]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`report: ${out} (4 features, drift in petal_length, species)\n`);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    // The only URL is the SVG namespace, which is a name, not a fetch.
    expect([...html.matchAll(/https?:\/\/[^"' )]+/g)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
    expect((html.match(/<svg class="distribution"/g) ?? []).length).toBe(4);
  });

  it('report rollout --from writes the timeline; a missing window or baseline is a usage error', async () => {
    const exported = path.join(dir, 'rollout.json');
    fs.writeFileSync(exported, JSON.stringify(sampleRolloutExport()));
    const out = path.join(dir, 'rollout.html');
    const r = await runCli(['report', 'rollout', '--from', exported, '--out', out]);
    expect(r).toMatchObject({ code: 0, out: `report: ${out} (ROLLED_BACK at 460 s)\n` });
    expect(fs.readFileSync(out, 'utf8')).toContain('id="deciding-signal"');
    const missing = await runCli(['report', 'drift', dir, '--baseline', sample.baseline, '--out', out, '--json']);
    expect(JSON.parse(missing.out)).toMatchObject({ exitCode: 2, message: expect.stringMatching(/holds neither statistics.json nor summary.json/) });
    const noBaseline = await runCli(['report', 'drift', sample.window, '--baseline', path.join(dir, 'nope.json'), '--out', out, '--json']);
    expect(JSON.parse(noBaseline.out)).toMatchObject({ exitCode: 2, message: expect.stringMatching(/--baseline .*nope.json was not found/) });
  });
});
