import { isToken } from '../../private/validation/checks';
import { limit } from '../../private/validation/limits';
import { invalid as invalidProp, validateCatalogName } from './validate';

/** Column types the packaged Glue scripts cast to (assets/glue/cdk_mlops_transforms.py SPARK_TYPES and decimal(p,s)). */
const SIMPLE_TYPES = ['string', 'int', 'bigint', 'double', 'float', 'boolean', 'date', 'timestamp'];
/** Types a partition date can be read from (the scripts format the timestamp column with date_format). */
const TIME_TYPES = ['date', 'timestamp', 'string'];

/**
 * A job's column schema, key columns and timestamp column: names Glue and Athena accept, types the scripts cast to,
 * and keys/timestamp declared in the schema when there is one (a key missing from a batch fails the job's dropna at
 * run time; a missing timestamp silently partitions by processing date).
 */
export function validateColumns(owner: string, columns: { [column: string]: string } | undefined,
  keyColumns?: string[], timestampColumn?: string): void {
  const schema = columns ?? {};
  const typeLimit = limit('glue.ColumnType');
  for (const [col, type] of Object.entries(schema)) {
    validateCatalogName(owner, 'columns key', col, limit('glue.ColumnName').max);
    if (isToken(type)) continue;
    const t = String(type).trim().toLowerCase().replace(/\s+/g, '');
    const dec = /^decimal\((\d{1,2}),(\d{1,2})\)$/.exec(t);
    const ok = SIMPLE_TYPES.includes(t) || (dec !== null && +dec[1] >= 1 && +dec[1] <= 38 && +dec[2] <= +dec[1]);
    if (!ok || type.length > (typeLimit.max as number)) {
      invalidProp(owner, `columns['${col}']`, type, `Use ${SIMPLE_TYPES.join(', ')} or decimal(p,s) with 1 <= p <= 38 and s <= p ` +
        '(the Spark types the cdk-mlops Glue scripts cast to).');
    }
  }
  const listed = Object.keys(schema);
  const keys = keyColumns ?? [];
  keys.forEach((k, i) => validateCatalogName(owner, `keyColumns[${i}]`, k, limit('glue.ColumnName').max));
  if (timestampColumn !== undefined) validateCatalogName(owner, 'timestampColumn', timestampColumn, limit('glue.ColumnName').max);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup !== undefined) invalidProp(owner, 'keyColumns', dup, 'A key column is listed twice; list each column once.');
  if (listed.length === 0) return;
  for (const k of keys) {
    if (!isToken(k) && !listed.includes(k)) {
      invalidProp(owner, 'keyColumns', k, `It is not in columns (${listed.join(', ')}): add it to columns with its type, or ` +
        'remove it from keyColumns (a key missing from a batch fails the job at run time).');
    }
  }
  if (timestampColumn !== undefined && !isToken(timestampColumn)) {
    const type = schema[timestampColumn];
    if (type === undefined) {
      invalidProp(owner, 'timestampColumn', timestampColumn, `It is not in columns (${listed.join(', ')}): add it with type ` +
        `'timestamp', 'date' or 'string' (ISO-8601), or remove timestampColumn (a missing column silently partitions by processing date).`);
    }
    if (!isToken(type) && !TIME_TYPES.includes(type.trim().toLowerCase())) {
      invalidProp(owner, `columns['${timestampColumn}']`, type, `timestampColumn '${timestampColumn}' gives the year/month/day ` +
        `partition: declare it as ${TIME_TYPES.map((x) => `'${x}'`).join(', ')}.`);
    }
  }
}
