/**
 * Which changes in `cdk diff`'s output lose data: a resource that holds data (or, for a KMS key, makes it readable)
 * being replaced or leaving the stack. Replacement gives the app a new, empty resource; leaving the stack deletes it,
 * or with a RETAIN policy orphans it, so the app no longer uses what it held. Pure: the text in, the findings out.
 *
 * The format read is the CDK CLI's resource lines, `[-] <type> <logical id> destroy|orphan` and
 * `[~] <type> <path> <logical id> replace|may be replaced` under a `Stack <name>` header;
 * test/cli/check-diff.test.ts runs the installed CLI so that a change of format fails a test.
 */
import { createHash } from 'crypto';

/** Resource types whose replacement or removal loses data, with what is lost. */
export const DATA_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'its objects',
  'AWS::DynamoDB::Table': 'its items',
  'AWS::DynamoDB::GlobalTable': 'its items',
  'AWS::KMS::Key': 'everything encrypted with it',
  'AWS::Glue::Database': 'its tables and partitions',
  'AWS::Glue::Table': 'its schema and partitions',
  'AWS::SageMaker::ModelPackageGroup': 'its model versions and their lineage',
  'AWS::RedshiftServerless::Namespace': 'its databases',
};

export type DataChangeImpact = 'destroy' | 'orphan' | 'replace' | 'may be replaced';

export interface DataChange {
  readonly stack: string;
  readonly resourceType: string;
  readonly logicalId: string;
  /** The construct path (replacements only: cdk diff does not print it for a removed resource). */
  readonly path?: string;
  readonly impact: DataChangeImpact;
  /** What the app loses. */
  readonly loses: string;
}

export interface DiffSummary {
  readonly stacks: string[];
  /** Resource lines with any change. */
  readonly resourceChanges: number;
  readonly dataChanges: DataChange[];
  /** sha256 of the diff's stack and change lines: equal for equal diffs, whatever the CLI printed around them. */
  readonly digest: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const STACK = /^Stack (\S+)/;
const RESOURCE = /^\[([-+~])\] (AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|Custom::\S+) (.+?)(?: (destroy|orphan|replace|may be replaced))?$/;

export function summarizeDiff(text: string): DiffSummary {
  const stacks: string[] = [];
  const dataChanges: DataChange[] = [];
  const kept: string[] = [];
  let resourceChanges = 0;
  let stack = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(ANSI, '').replace(/\s+$/, '');
    if (line.startsWith('NOTICES')) break; // the CLI's announcements, fetched from the network, end the output
    const header = STACK.exec(line);
    if (header) {
      stack = header[1];
      stacks.push(stack);
      kept.push(line);
      continue;
    }
    // Everything the CLI prints besides the diff itself (notices, timings, the closing count) starts elsewhere.
    if (!stack || line.startsWith('✨') || line === '') continue;
    kept.push(line);
    const r = RESOURCE.exec(line);
    if (!r) continue;
    resourceChanges++;
    const [, sign, resourceType, rest, impact] = r;
    const loses = DATA_RESOURCE_TYPES[resourceType];
    if (!loses || !impact || (sign === '-') !== (impact === 'destroy' || impact === 'orphan')) continue;
    const words = rest.split(' ');
    const logicalId = words[words.length - 1];
    const path = words.length > 1 ? words.slice(0, -1).join(' ') : undefined;
    dataChanges.push({ stack, resourceType, logicalId, ...(path ? { path } : {}), impact: impact as DataChangeImpact, loses });
  }
  return { stacks, resourceChanges, dataChanges, digest: createHash('sha256').update(kept.join('\n')).digest('hex') };
}

/** One line per change, for the job log and the pull-request comment. */
export function describeDataChange(c: DataChange): string {
  const what = `${c.resourceType} ${c.logicalId}${c.path ? ` (${c.path})` : ''} in ${c.stack}`;
  switch (c.impact) {
    case 'destroy': return `${what} is deleted, with ${c.loses}`;
    case 'orphan': return `${what} leaves the stack (retained): the app no longer uses ${c.loses}`;
    case 'replace': return `${what} is replaced by a new, empty one: the app loses ${c.loses}`;
    default: return `${what} may be replaced (decided at deploy time): the app would lose ${c.loses}`;
  }
}
