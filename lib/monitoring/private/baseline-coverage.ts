import { DriftBaseline } from '../drift-baseline';
import { DriftFeatures } from '../drift-features';

/**
 * Every feature a monitor compares is described by its baseline (name and kind), when the baseline's features are
 * known: the comparison walks the baseline's features, so one it lacks would never be compared (no metric, no alarm),
 * and one of another kind would fail its type check every window.
 */
export function checkBaselineCovers(owner: string, prop: string, features: DriftFeatures, baseline: DriftBaseline): void {
  const described = baseline.describedFeatures?._schema().features;
  if (!described) return;
  for (const f of features._schema().features) {
    const b = described.find((d) => d.name === f.name);
    if (!b) {
      throw new Error(`${owner}: ${prop} describes ${described.map((d) => `'${d.name}'`).join(', ')}, not the monitored feature '${f.name}'` +
        `${f.source === 'output' ? ' (a response feature: a baseline job of the training table describes request columns only)' : ''}. ` +
        `Compare only features the baseline describes, or give a baseline that describes '${f.name}' (DriftBaseline.fromBucket).`);
    }
    if (b.kind !== f.kind) {
      throw new Error(`${owner}: ${prop} describes '${f.name}' as ${b.kind}, and the monitor compares it as ${f.kind}: ` +
        'every window would fail its data type check. Give the feature the same kind in both.');
    }
  }
}
