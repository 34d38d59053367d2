/**
 * Runs one Athena query to completion and streams its result rows (pages of GetQueryResults), for the monitors'
 * Athena paths. The workgroup enforces where results go and how they are encrypted.
 */
import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';

let cached: AthenaClient | undefined;

/** The Athena client (tests set their own with setAthenaClient). */
export function athenaClient(): AthenaClient {
  return (cached ??= new AthenaClient({}));
}

export function setAthenaClient(c: AthenaClient | undefined): void {
  cached = c;
}

export interface QueryTarget {
  readonly workGroup: string;
  readonly database: string;
}

/** Starts the query and waits until it ends; throws with Athena's reason when it did not succeed. */
export async function runQuery(athena: AthenaClient, sql: string, target: QueryTarget, pollMs = 1000, deadlineMs = 10 * 60_000): Promise<string> {
  const started = await athena.send(new StartQueryExecutionCommand({
    QueryString: sql, WorkGroup: target.workGroup, QueryExecutionContext: { Database: target.database },
  }));
  const id = started.QueryExecutionId!;
  const until = Date.now() + deadlineMs;
  for (;;) {
    const q = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = q.QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') return id;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error(`Athena query ${id} ${state}: ${q.QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
    }
    if (Date.now() > until) throw new Error(`Athena query ${id} still ${state} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The result rows of a finished query as objects by column name (values as Athena's text; null when absent). */
export async function* queryRows(athena: AthenaClient, queryId: string): AsyncGenerator<Record<string, string | null>> {
  let token: string | undefined;
  let header: string[] | undefined;
  do {
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: queryId, NextToken: token, MaxResults: 1000 }));
    const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? [];
    for (const row of page.ResultSet?.Rows ?? []) {
      const cells = (row.Data ?? []).map((d) => (d.VarCharValue === undefined ? null : d.VarCharValue));
      if (!header) {
        // The first row of the first page repeats the column names.
        header = columns.length > 0 ? columns : cells.map((c) => c ?? '');
        if (cells.every((c, i) => c === header![i])) continue;
      }
      yield Object.fromEntries(header.map((h, i) => [h, cells[i] ?? null]));
    }
    token = page.NextToken;
  } while (token);
}

/** A SQL identifier in double quotes (Athena/Trino), with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
