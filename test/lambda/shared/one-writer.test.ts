/**
 * Issue 18's rule, kept: only the rollout executor (lambda/shared/rollout-executor/) writes a rollout record or orders
 * an endpoint's weights. Every other function, the CLI and the simulator hand effects to it. Before the one protocol,
 * ten files wrote records or ordered weights, each in its own way.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = path.join(dir, d.name);
    if (d.isDirectory()) return sources(rel);
    return d.name.endsWith('.ts') ? [rel] : [];
  });
}

const ALL = ['lambda', 'bin', 'sim'].flatMap(sources);
const using = (pattern: RegExp) => ALL.filter((f) => pattern.test(fs.readFileSync(path.join(ROOT, f), 'utf8'))).sort();

test('only the executor calls the rollout table\'s writes', () => {
  // RolloutTable's methods that write (lambda/shared/rollout-table.ts): the record, its command, its entries, the
  // throttled-check count and the history row.
  const writes = /\.(create|save|setCommand|appendEvent|setThrottledChecks|keepHistory)\(/;
  const outside = using(writes).filter((f) => !f.startsWith(path.join('lambda', 'shared', 'rollout-executor')) && f !== path.join('lambda', 'shared', 'rollout-table.ts'));
  // Files that call a method of that name on something else than the rollout table.
  const unrelated = outside.filter((f) => !/RolloutTable|rollout-table/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  expect(outside.filter((f) => !unrelated.includes(f))).toEqual([]);
});

test('weights are ordered only by the executor\'s primitive, and outside the rollout only by the A/B allocator', () => {
  expect(using(/UpdateEndpointWeightsAndCapacitiesCommand/)).toEqual([
    path.join('lambda', 'handlers', 'ab-allocator', 'index.ts'),
    path.join('lambda', 'shared', 'endpoint.ts'),
    path.join('lambda', 'shared', 'rollout-executor', 'capacity-order.ts'),
  ]);
  // The primitive (lambda/shared/endpoint.ts) is called from the executor only.
  const callers = using(/\b(applyWeights|waitForWeights)\(/).filter((f) => f !== path.join('lambda', 'shared', 'endpoint.ts'));
  expect(callers.length).toBeGreaterThan(0);
  expect(callers.filter((f) => !f.startsWith(path.join('lambda', 'shared', 'rollout-executor')))).toEqual([]);
});
