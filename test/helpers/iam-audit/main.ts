/**
 * `npm run iam-audit` (scripts/iam-audit.js): audits the reference app and the stack that uses every construct,
 * prints every finding and one summary line, and returns the exit code (1 when there are findings).
 */
import { App } from 'aws-cdk-lib';
import { buildReferenceApp } from '../../../bin/reference-stack';
import { allConstructsStack } from './all-constructs';
import { awsDataDirs } from './aws-data';
import { figuresOf, findingsOf, summaryLine } from './report';
import { auditStack } from './stack-audit';

export function main(): number {
  if (!awsDataDirs()) return 2;
  const context = require('../../../cdk.json').context;
  const audits = [buildReferenceApp(new App({ context }), {}).stack, allConstructsStack()].map(auditStack);
  const findings = audits.flatMap(findingsOf);
  // eslint-disable-next-line no-console
  for (const f of findings) console.log(f);
  // eslint-disable-next-line no-console
  console.log(summaryLine(figuresOf(audits)));
  return findings.length > 0 ? 1 : 0;
}
