/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The reports as a person sees them: each HTML file opened from disk in headless Chromium with every network request
 * blocked and recorded, checked for what is on screen (the verdict, one chart per feature, the deciding signal) and
 * for console errors, and photographed. CDK_MLOPS_UPDATE_SCREENSHOTS=true writes the photos to docs/images/ (the
 * ones docs/reports.md shows).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../cli/support';
import { ChromiumSession, haveChromium, launchChromium } from '../helpers/chromium';
import { sampleRolloutExport, writeSampleDriftWindow } from '../helpers/report-samples';

const run = haveChromium() ? describe : describe.skip;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-browser-'));
const shots = process.env.CDK_MLOPS_UPDATE_SCREENSHOTS === 'true' ? path.join(__dirname, '..', '..', 'docs', 'images') : dir;

run('reports in headless Chromium', () => {
  let chromium: ChromiumSession;
  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
  });

  test('a drift window: the verdict, one chart per feature with both distributions, most severe first', async () => {
    const sample = writeSampleDriftWindow(dir);
    const out = path.join(dir, 'drift.html');
    const cli = await runCli(['report', 'drift', sample.window, '--baseline', sample.baseline, '--constraints', sample.constraints, '--out', out]);
    expect(cli.code).toBe(0);
    const { page, requests, errors } = await chromium.open(out);
    const seen = await page.evaluate(() => ({
      verdict: document.querySelector('.verdict')!.textContent,
      charts: [...document.querySelectorAll('section.feature')].map((s) => {
        const svg = s.querySelector('svg.distribution')!;
        const box = svg.getBoundingClientRect();
        return {
          feature: s.querySelector('h2')!.textContent, decision: s.querySelector('.badge')!.textContent,
          width: box.width, height: box.height,
          baselineBars: svg.querySelectorAll('.baseline-bar').length,
          current: svg.querySelectorAll('.current-line, .current-bar').length,
        };
      }),
    }));
    expect(seen.verdict).toBe('Drift in 2 of 4 features: petal_length, species');
    expect(seen.charts.map((c) => [c.feature, c.decision])).toEqual([
      ['petal_length', 'drift'], ['species', 'drift'], [expect.any(String), 'no drift'], [expect.any(String), 'no drift']]);
    for (const c of seen.charts) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.height).toBeGreaterThan(150);
      expect(c.baselineBars).toBeGreaterThan(0);
      expect(c.current).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'report-drift-window.png'), fullPage: true });
  });

  test('a rollout: the outcome, the timeline with the deciding alarm and the end, the events', async () => {
    const exported = path.join(dir, 'rollout.json');
    fs.writeFileSync(exported, JSON.stringify(sampleRolloutExport()));
    const out = path.join(dir, 'rollout.html');
    expect((await runCli(['report', 'rollout', '--from', exported, '--out', out])).code).toBe(0);
    const { page, requests, errors } = await chromium.open(out);
    const seen = await page.evaluate(() => {
      const visible = (sel: string) => {
        const el = document.querySelector(sel);
        const box = el?.getBoundingClientRect();
        return !!box && box.width > 0 && box.height > 0;
      };
      return {
        verdict: document.querySelector('.verdict')!.textContent,
        deciding: document.querySelector('#deciding-signal text')!.textContent,
        end: document.querySelector('#end-marker text')!.textContent,
        timelineVisible: visible('#timeline svg'), orderedVisible: visible('#ordered-weight'),
        events: document.querySelectorAll('#events tbody tr').length,
      };
    });
    expect(seen.verdict).toMatch(/^ROLLED_BACK at 460 s \(ALARM\): rolling back to stable: alarm cdk-mlops-rollout-CdkMlops-green-5xx is in ALARM$/);
    expect(seen.deciding).toMatch(/^deciding alarm: .*green-5xx is in ALARM \(460 s\)$/);
    expect(seen.end).toBe('ROLLBACK at 460 s');
    expect(seen).toMatchObject({ timelineVisible: true, orderedVisible: true, events: 5 });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'report-rollout.png'), fullPage: true });
  });

  test('the simulator\'s plot of a bad canary marks the probe that decided it', async () => {
    const svg = path.join(dir, 'plot.svg');
    expect((await runCli(['simulate', '--strategy', 'canary:10:300', '--candidate-error-rate', '0.3', '--seeds', '1', '--plot', svg])).code).toBe(0);
    const { page, requests, errors } = await chromium.open(svg, 920);
    const text = await page.evaluate(() => document.querySelector('#deciding-signal text')!.textContent);
    expect(text).toMatch(/^deciding probe: \d+ of \d+ probe requests failed \(\d+ s\)$/);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'simulate-plot-probe.png') });
  });

  test('a page that fetches something is caught: the request is blocked and recorded (the check can fail)', async () => {
    const bad = path.join(dir, 'bad.html');
    fs.writeFileSync(bad, '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://example.invalid/x.css"></head><body>x</body></html>');
    const { requests } = await chromium.open(bad);
    expect(requests).toEqual(['https://example.invalid/x.css']);
  });
});
