/**
 * The hand-made baseline of the pipeline-stage drift tests (the pure row reader's and the pipeline monitor
 * handler's): a Model Monitor statistics.json and the schema it describes, small enough that expected distances
 * can be worked out by hand.
 *
 * x is integral on four buckets of 2,500 values each ([0,1), [1,2), [2,3), [3,4]); color is red 5,000 /
 * green 3,000 / blue 2,000. m = 10,000 for both.
 */
import type { FeatureSchema, StatisticsFile } from '../../contracts/model-monitor';

export const stageStatistics: StatisticsFile = {
  version: 0,
  dataset: { item_count: 10_000 },
  features: [
    {
      name: 'x', inferred_type: 'Integral',
      numerical_statistics: {
        common: { num_present: 10_000, num_missing: 0 }, mean: 1.5, sum: 15_000, std_dev: 1.118, min: 0, max: 3,
        distribution: { kll: { buckets: [0, 1, 2, 3].map((lo) => ({ lower_bound: lo, upper_bound: lo + 1, count: 2500 })) } },
      },
    },
    {
      name: 'color', inferred_type: 'String',
      string_statistics: {
        common: { num_present: 10_000, num_missing: 0 }, distinct_count: 3,
        distribution: { categorical: { buckets: [{ value: 'red', count: 5000 }, { value: 'green', count: 3000 }, { value: 'blue', count: 2000 }] } },
      },
    },
  ],
};

/** x numeric, color categorical, in the statistics' order. */
export const stageSchema: FeatureSchema = { features: [{ name: 'x', kind: 'numeric' }, { name: 'color', kind: 'categorical' }] };
