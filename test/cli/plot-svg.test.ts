/** `simulate --plot`: the SVG's structure and coordinates, computed by hand from the layout constants. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { plotSvg } from '../../bin/cli/plot-svg';
import { trailingErrorRates } from '../../bin/cli/report/sim-timeline';
import { niceCeiling } from '../../bin/cli/report/svg';
import { TimelinePoint } from '../../sim';
import { runCli } from './support';

const point = (second: number, ordered: number, live: number, c: [number, number], s: [number, number]): TimelinePoint => ({
  second, orderedCandidatePercent: ordered, liveCandidatePercent: live, shadow: false,
  candidateRequests: c[0], candidateErrors: c[1], stableRequests: s[0], stableErrors: s[1],
});

/** Tags balance (a minimal well-formedness check: no XML parser among the dependencies). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) return false;
    } else {
      stack.push(m[2]);
    }
  }
  return stack.length === 0;
}

describe('plot SVG', () => {
  const timeline = [
    point(0, 10, 0, [0, 0], [100, 0]),
    point(10, 10, 10, [10, 5], [90, 0]),
    point(20, 0, 0, [0, 0], [100, 1]),
  ];
  const svg = plotSvg({ title: 'canary <test>', timeline, bucketSeconds: 10, alarmThreshold: 0.05,
    decisions: [{ second: 0, kind: 'SHIFT', reason: '' }, { second: 18, kind: 'ROLLBACK', reason: 'alarm' }] });

  it('is a well-formed SVG with both panels and every series', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600"')).toBe(true);
    expect(balanced(svg)).toBe(true);
    for (const id of ['weights', 'errors', 'ordered-weight', 'live-weight', 'stable-error-rate', 'candidate-error-rate',
      'alarm-threshold', 'end-marker']) {
      expect({ id, found: svg.includes(`id="${id}"`) }).toEqual({ id, found: true });
    }
    expect(svg).toContain('<title>canary &lt;test&gt;</title>');
  });

  it('draws weights as steps at each bucket\'s end', () => {
    // x(s) = 70 + s / 30 × 660 (30 s of timeline over a 660 px plot): 10 s → 290, 20 s → 510, 30 s → 730;
    // y(p) = 270 − p / 100 × 220 (first panel from 50 to 270).
    expect(svg).toContain('<path id="ordered-weight" d="M70,270 V248 H290 H510 V270 H730"');
    expect(svg).toContain('<path id="live-weight" d="M70,270 H290 V248 H510 V270 H730"');
    // The rollback at 18 s: x = 70 + 18 / 30 × 660 = 466.
    expect(svg).toMatch(/<g id="end-marker"><line x1="466" [^>]*>.*ROLLBACK at 18 s/);
  });

  it('draws error rates over the trailing minute, with gaps where a variant had no traffic', () => {
    expect(trailingErrorRates(timeline, 10, 'candidate')).toEqual([undefined, 0.5, 0.5]);
    expect(trailingErrorRates(timeline, 10, 'stable')).toEqual([0, 0, 1 / 290]);
    // The error axis tops at niceCeiling(0.5) = 0.5: y(r) = 550 − r / 0.5 × 220 (second panel from
    // 50 + 220 + 60 = 330 to 550).
    expect(svg).toContain('<path id="candidate-error-rate" d="M510,330 L730,330"');
    // The threshold 0.05 sits at 550 − 0.1 × 220 = 528.
    expect(svg).toContain('<line id="alarm-threshold" x1="70" y1="528" x2="730" y2="528"');
  });

  it('rounds axes to 1, 2 or 5 times a power of ten', () => {
    expect([0.03, 0.075, 0.5, 0.51, 130, 0].map(niceCeiling)).toEqual([0.05, 0.1, 0.5, 1, 200, 1]);
  });

  it('simulate --plot writes the first run', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plot-')), 'run.svg');
    const r = await runCli(['simulate', '--strategy', 'shadow:120:canary:10:60', '--candidate-error-rate', '0.3',
      '--seeds', '2', '--plot', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`plot:                ${file} (seed 1)`);
    const svg = fs.readFileSync(file, 'utf8');
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('id="shadow-run"');
    expect(svg).toMatch(/<title>shadow-120s-then-canary-10%-60s: ROLLED_BACK/);
    const bad = await runCli(['simulate', '--seeds', '1', '--plot', path.join(file, 'nope', 'x.svg'), '--json']);
    expect(JSON.parse(bad.out)).toMatchObject({ error: 'PLOT_NOT_WRITTEN', exitCode: 2 });
  });

  it('fits the axis to the rollout: a 330 s rollout in a 7,200 s run fills the plot, with a 10% tail', () => {
    const long = Array.from({ length: 720 }, (_, i) => point(i * 10, i >= 33 ? 100 : 10, i >= 33 ? 100 : 10, [5, 0], [5, 0]));
    const plot = plotSvg({ title: 'long', timeline: long, bucketSeconds: 10, alarmThreshold: 0.05,
      decisions: [{ second: 0, kind: 'SHIFT', reason: '' }, { second: 330, kind: 'COMPLETE', reason: 'promoted' }] });
    // Axis end 330 + max(30, 33) = 363 s: x(330) = 70 + 330 / 363 × 660 = 670 (it was 100.3 on a 7,200 s axis).
    expect(plot).toMatch(/<g id="end-marker"><line x1="670" [^>]*>.*COMPLETE at 330 s/);
    // Ticks every niceCeiling(363 / 8) = 50 s, the last at 350 s.
    expect(plot).toContain('>350</text>');
    expect(plot).not.toContain('>400</text>');
  });

  it('marks the signal that decided the end: the last probe failure before a PROBE rollback', () => {
    const plot = plotSvg({ title: 'probe', timeline, bucketSeconds: 10, alarmThreshold: 0.05, outcome: 'ROLLED_BACK', cause: 'PROBE',
      decisions: [{ second: 0, kind: 'SHIFT', reason: '' }, { second: 18, kind: 'ROLLBACK', reason: 'rolling back to stable: probe' }],
      signals: [{ second: 4, source: 'probe', detail: '1 of 10 probe requests failed' },
        { second: 14, source: 'probe', detail: '4 of 10 probe requests failed' },
        { second: 16, source: 'alarm', detail: 'candidate-5xx in ALARM' }] });
    // x(14) = 70 + 14 / 30 × 660 = 378; both signals before the end are ticks, the deciding one is labelled.
    expect(plot).toMatch(/<g id="deciding-signal"><line x1="378" [^>]*>.*deciding probe: 4 of 10 probe requests failed \(14 s\)/s);
    expect((plot.match(/<circle /g) ?? []).length).toBe(3);
    // Without a cause (a promotion) nothing is marked as deciding.
    expect(plotSvg({ title: 'ok', timeline, bucketSeconds: 10, alarmThreshold: 0.05, decisions: [] })).not.toContain('deciding-signal');
  });

  it('simulate --plot marks the probe that rolled back a bad canary', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plot-')), 'bad.svg');
    const r = await runCli(['simulate', '--strategy', 'canary:10:300', '--candidate-error-rate', '0.3', '--seeds', '1', '--plot', file]);
    expect(r.code).toBe(0);
    const svg = fs.readFileSync(file, 'utf8');
    expect(svg).toMatch(/<title>canary-10%-300s: ROLLED_BACK/);
    expect(svg).toMatch(/deciding probe: \d+ of \d+ probe requests failed \(\d+ s\)/);
  });
});

describe('plot SVG of an injected CloudFormation event', () => {
  const timeline = [point(0, 10, 10, [10, 0], [90, 0]), point(10, 10, 10, [10, 0], [90, 0]), point(20, 0, 0, [0, 0], [100, 0])];
  const lifecycle = [{ second: 12, event: 'STACK_ROLLBACK' as const, stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
    transition: 'ABORT_AND_RESTORE', reason: 'reverted', phaseBefore: 'BAKING', phase: 'ABORTED', stableAt: 17 }];
  const svg = plotSvg({ title: 't', timeline, bucketSeconds: 10, alarmThreshold: 0.05, outcome: 'ABORTED', cause: 'DEPLOY_REVERTED',
    decisions: [{ second: 0, kind: 'SHIFT', reason: '' }], lifecycle });

  it('marks it with a labelled vertical line across both panels, and ends the rollout there', () => {
    expect(balanced(svg)).toBe(true);
    // x = 70 + 12 / 30 × 660 = 334; the line spans the weights panel's top (50) to the errors panel's bottom (550).
    expect(svg).toContain('<g class="lifecycle-marker"><line x1="334" y1="50" x2="334" y2="550"');
    expect(svg).toMatch(/class="lifecycle-marker">.*>t=12 stack rollback -&gt; ABORTED, stable 100% at t=17<\/text>/);
    expect(svg).toMatch(/<g id="end-marker"><line x1="334" [^>]*>.*ABORT_AND_RESTORE at 12 s/);
  });

  it('draws no marker without an injected event', () => {
    expect(plotSvg({ title: 't', timeline, bucketSeconds: 10, alarmThreshold: 0.05, decisions: [] })).not.toContain('lifecycle-marker');
  });
});
