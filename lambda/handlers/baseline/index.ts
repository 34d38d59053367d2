/**
 * Baseline job: computes Model Monitor's statistics.json and constraints.json from the curated training table
 * (Parquet or CSV: Athena reads whichever format the Glue table declares) with lambda/core/monitoring's baseline
 * code, so the drift monitor compares windows with exactly the statistics it would compute itself. Reads at most
 * `maxRows` rows (a Bernoulli sample of the table above that), because exact quantile edges need the values.
 */
import { BASELINE_ENV } from '../../../contracts/drift-monitor';
import { FeatureSchema, validateSchema } from '../../../contracts/model-monitor';
import { baselineStatisticsFile, computeBaselineFromRows, suggestConstraints } from '../../core/monitoring';
import { athenaClient, queryRows, quoteIdent, runQuery } from '../../shared/athena';
import { clients } from '../../shared/clients';
import { optionalEnv, requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/log';
import { putJson } from '../../shared/monitoring-io';
import { loadConfigObjects } from '../../shared/config-objects';

export interface BaselineResult {
  readonly rows: number;
  readonly tableRows: number;
  readonly sampled: boolean;
  readonly statistics: string;
  readonly constraints: string;
}

/** The baseline's SQL: the feature columns, sampled when the table is larger than maxRows. Pure. */
export function baselineSql(schema: FeatureSchema, database: string, table: string, tableRows: number, maxRows: number): string {
  const cols = schema.features.map((f) => quoteIdent(f.name)).join(', ');
  const from = `${quoteIdent(database)}.${quoteIdent(table)}`;
  if (tableRows <= maxRows) return `SELECT ${cols} FROM ${from}`;
  const percent = Math.min(100, (100 * maxRows) / tableRows);
  return `SELECT ${cols} FROM ${from} TABLESAMPLE BERNOULLI (${percent.toFixed(6)}) LIMIT ${maxRows}`;
}

export async function handler(): Promise<BaselineResult> {
  await loadConfigObjects(clients().s3, [BASELINE_ENV.schema]);
  const schema = JSON.parse(requireEnv(BASELINE_ENV.schema)) as FeatureSchema;
  const problems = validateSchema(schema);
  if (problems.length > 0) throw new Error(`${BASELINE_ENV.schema}: ${problems.join('; ')}`);
  const target = { workGroup: requireEnv(BASELINE_ENV.workGroup), database: requireEnv(BASELINE_ENV.database) };
  const table = requireEnv(BASELINE_ENV.table);
  const maxRows = Number(optionalEnv(BASELINE_ENV.maxRows) ?? '1000000');
  const bucket = requireEnv(BASELINE_ENV.outputBucket);
  const prefix = requireEnv(BASELINE_ENV.outputPrefix);
  const log = createLogger({ table: `${target.database}.${table}` });
  const athena = athenaClient();

  const countId = await runQuery(athena, `SELECT count(*) AS n FROM ${quoteIdent(target.database)}.${quoteIdent(table)}`, target);
  let tableRows = 0;
  for await (const r of queryRows(athena, countId)) tableRows = Number(r.n ?? 0);
  if (tableRows === 0) throw new Error(`the table ${target.database}.${table} has no rows: a baseline needs the training data (has the ETL run?)`);

  const id = await runQuery(athena, baselineSql(schema, target.database, table, tableRows, maxRows), target);
  const rows: Array<Record<string, string | null>> = [];
  for await (const r of queryRows(athena, id)) rows.push(r);
  const baseline = computeBaselineFromRows(schema, rows);
  const statistics = `${prefix}statistics.json`;
  const constraints = `${prefix}constraints.json`;
  await putJson(clients().s3, bucket, statistics, baselineStatisticsFile(baseline));
  await putJson(clients().s3, bucket, constraints, suggestConstraints(baseline));
  const result = { rows: rows.length, tableRows, sampled: tableRows > maxRows, statistics: `s3://${bucket}/${statistics}`, constraints: `s3://${bucket}/${constraints}` };
  log.info('baseline written', { ...result });
  return result;
}
