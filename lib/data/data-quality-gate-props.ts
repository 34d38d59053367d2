import { Duration } from 'aws-cdk-lib';
import { IEtlJob } from './data-interfaces';

/** Properties of a DataQualityGate. */
export interface DataQualityGateProps {
  /** The ETL job whose curated table the gate evaluates after each successful run. */
  readonly job: IEtlJob;
  /**
   * The Glue Data Quality ruleset in DQDL, e.g. `Rules = [ RowCount > 0, IsComplete "order_id" ]`.
   * @see https://docs.aws.amazon.com/glue/latest/dg/dqdl.html
   */
  readonly rules: string;
  /**
   * The lowest share of rules that must pass (Glue's score, 0 to 1).
   * @default 1 - every rule must pass
   */
  readonly minScore?: number;
  /**
   * Name of the gate, used in the ruleset name, the metric dimension and the events.
   * @default - derived from the job's dataset, e.g. `orders-gate`
   */
  readonly gateName?: string;
  /**
   * Associate the ruleset with the curated table in the Glue console. The table only exists after the first ETL
   * run, and Glue may refuse a ruleset whose target table does not exist, so this is off by default; the
   * evaluation names the table either way.
   * @default false
   */
  readonly associateTargetTable?: boolean;
  /**
   * Glue workers (G.1X) of an evaluation run.
   * @default 2
   */
  readonly numberOfWorkers?: number;
  /**
   * An evaluation still running after this long fails the gate.
   * @default Duration.minutes(30)
   */
  readonly evaluationTimeout?: Duration;
}
