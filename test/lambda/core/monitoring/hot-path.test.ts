/**
 * The drift monitor's hot path gives the results of the plain definitions: the grid bin lookup the same bin as a
 * binary search for every value, and the fused byte-level parse the same summary as the line parser on every shape
 * of line (the fast path only speeds up, never decides).
 */
import {
  CaptureByteIngester, computeBaseline, ingestCaptureLine, layoutOf, NumericSlot, WindowAccumulator,
} from '../../../../lambda/core/monitoring';
import { nextDouble, SeededRandom } from '../../../../lambda/core/stats';
import type { FeatureSchema } from '../../../../contracts/model-monitor';

/** The number of edges <= v, by binary search (the definition of a bin). */
function searchBin(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

describe('bin lookup', () => {
  const r = new SeededRandom(11);
  const cases: Record<string, number[]> = {
    'normal quantiles': Array.from({ length: 101 }, (_, i) => i / 10 - 5 + 0.3 * Math.sin(i)).sort((a, b) => a - b),
    'one edge': [2.5],
    'no edge': [],
    'clustered': [0, 1e-12, 2e-12, 3e-12, 1, 1e9],
    'integers': [1, 2, 3, 4, 5, 6, 7, 8, 9],
    'huge span': [-1e300, 0, 1e300],
    'subnormal': [5e-324, 1e-323, 1.5e-323],
  };
  test.each(Object.entries(cases))('%s: every value falls in the binary search bin', (_name, edges) => {
    const slot = new NumericSlot(Float64Array.from(edges));
    const values = [...edges, ...edges.map((e) => e - Math.abs(e) * 1e-15 - 5e-324), ...edges.map((e) => e + Math.abs(e) * 1e-15 + 5e-324),
      -Infinity, Infinity, 0, -0, Number.MAX_VALUE, -Number.MAX_VALUE,
      ...Array.from({ length: 2000 }, () => (edges.length ? edges[0] + (r.next() * 1.4 - 0.2) * ((edges[edges.length - 1] - edges[0]) || 1) : r.normal()))];
    for (const v of values) expect([v, slot.bin(v)]).toEqual([v, searchBin(edges, v)]);
  });
});

describe('fused byte-level parse', () => {
  const schema: FeatureSchema = {
    features: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'numeric' }, { name: 'p', kind: 'numeric', source: 'output' }],
  };
  const withColor: FeatureSchema = { features: [...schema.features.slice(0, 2), { name: 'c', kind: 'categorical' }, schema.features[2]] };
  const r = new SeededRandom(5);
  const base = (s: FeatureSchema) => computeBaseline(s, Object.fromEntries(s.features.map((f) => [f.name,
    Array.from({ length: 500 }, () => (f.kind === 'numeric' ? r.normal() : ['x', 'y'][r.pick([0.5, 0.5])]))])));
  const line = (input: string, output: string, extra = '') =>
    `{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":${JSON.stringify(input)},"encoding":"CSV"},`
    + `"endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":${JSON.stringify(output)},"encoding":"CSV"}}${extra}}`;
  const shapes = [
    line('1.25,-3.5', '0.75'), line('+1,2', '0'), line('-0,-0.000', '1.'), line('.5,5.', '.25'),
    line('1234567890.12345,1', '0.1'), line('12345678901234567,1', '0.1'), line('1e3,2E-2', '0.5'), line('1,2,3,4', '0.5,0.6'),
    line('1', '0.5'), line(',2', ''), line('1,', '0.5'), line(' 1,2 ', '0.5'), line('1,"2"', '0.5'), line('NaN,Infinity', '-Infinity'),
    line('1,2\n3,4', '0.1\n0.2'), line('0x10,1', '0.5'), line('1,2', '0.5', ',"eventMetadata":{"eventId":"e"}'),
    '{"captureData":{"endpointOutput":{"mode":"OUTPUT","data":"0.5","encoding":"CSV"},"endpointInput":{"mode":"INPUT","data":"1,2","encoding":"CSV"}}}',
    '{"captureData":{"endpointInput":{"mode":"INPUT","encoding":"CSV","data":"1,2"},"endpointOutput":{"mode":"OUTPUT","data":"0.5","encoding":"CSV"}}}',
    '{"captureData":{"endpointInput":{"mode":"INPUT","data":"1,2","encoding":"BASE64"},"endpointOutput":{"mode":"OUTPUT","data":"0.5","encoding":"CSV"}}}',
    '{"captureData":{"endpointInput":{"data":"1,2","encoding":"CSV"}}}', 'not json', '{"captureData":{}}',
  ];
  test.each([['numeric', schema], ['with a categorical feature', withColor]] as const)('%s: each shape gives the line parser\'s summary', (_n, s) => {
    const b = base(s);
    const layout = layoutOf(s.features);
    const shaped = s === withColor ? shapes.map((l) => l.replace('"data":"1,2"', '"data":"1,2,x"')) : shapes;
    for (const l of shaped) {
      const slow = new WindowAccumulator(b);
      ingestCaptureLine(slow, layout, l);
      const fast = new WindowAccumulator(b);
      const ing = new CaptureByteIngester(fast, layout);
      ing.write(Buffer.from(l));
      ing.end();
      expect([l, fast.summary('s', 'e')]).toEqual([l, slow.summary('s', 'e')]);
    }
  });

  test('random decimals: the fused parse reads exactly Number(text)', () => {
    const b = base(schema);
    const layout = layoutOf(schema.features);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const cell = () => (r.normal() * 10 ** Math.floor(r.next() * 8 - 3)).toFixed(Math.floor(r.next() * 9));
      lines.push(line(`${cell()},${cell()}`, cell()));
    }
    const exact = lines.map((l) => Number(JSON.parse(l).captureData.endpointInput.data.split(',')[0]));
    // Feature a gets a bin [v, nextDouble(v)) of its own for every value: a value read 1 ulp off lands elsewhere.
    const edges = [...new Set(exact.flatMap((v) => [v, nextDouble(v)]))].sort((x, y) => x - y);
    const fine = { ...b, features: b.features.map((f) => (f.name === 'a' && f.kind === 'numeric' ? { ...f, edges, counts: new Array(edges.length + 1).fill(0) } : f)) };
    const slow = new WindowAccumulator(fine);
    for (const l of lines) ingestCaptureLine(slow, layout, l);
    const fast = new WindowAccumulator(fine);
    const ing = new CaptureByteIngester(fast, layout);
    ing.write(Buffer.from(lines.join('\n')));
    ing.end();
    const f = fast.summary('s', 'e');
    expect(f).toEqual(slow.summary('s', 'e'));
    const expected = new Array(edges.length + 1).fill(0);
    for (const v of exact) expected[searchBin(edges, v)]++;
    const a = f.features.a;
    expect(a.kind === 'numeric' && a.counts).toEqual(expected);
  });
});
