import { Duration } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { checkEnum, checkNumber, isToken } from '../../private/validation/checks';
import { limit } from '../../private/validation/limits';
import { invalid as invalidProp } from './validate';

/** Glue's job commands (JobCommand.Name) that this library creates. */
export type GlueJobKind = 'glueetl' | 'gluestreaming';

const KIND_NAMES: Record<string, string> = { glueetl: 'Spark ETL', gluestreaming: 'Spark streaming', glueray: 'Ray' };

/** A Glue job's worker type, Glue version, workers and timeout against Glue's documented rules (generated table). */
export function validateGlueJob(owner: string, kind: GlueJobKind, o: {
  workerType?: glue.WorkerType; glueVersion?: glue.GlueVersion; numberOfWorkers?: number; timeout?: Duration;
}): void {
  const worker: string | undefined = o.workerType;
  const version: string | undefined = o.glueVersion;
  checkEnum(owner, 'workerType', worker, 'glue.WorkerType', 'Glue has no such worker type');
  if (version !== undefined && !isToken(version) && !new RegExp(limit('glue.GlueVersion').pattern as string).test(version)) {
    invalidProp(owner, 'glueVersion', version, `Use a Glue version such as glue.GlueVersion.V5_0 (${limit('glue.GlueVersion').source}).`);
  }
  const rules = limit('glue.workerTypesByJobKind');
  const kinds = rules.kinds as Record<string, string[]>;
  if (worker !== undefined && !isToken(worker)) {
    const documentedFor = Object.keys(kinds).filter((k) => kinds[k].includes(worker));
    if (documentedFor.length > 0 && !documentedFor.includes(kind)) {
      invalidProp(owner, 'workerType', worker, `Glue accepts it for ${documentedFor.map((k) => KIND_NAMES[k]).join(' and ')} jobs only; ` +
        `a ${KIND_NAMES[kind]} job takes ${kinds[kind].join(', ')} (${rules.source}).`);
    }
    const min = (rules.minGlueVersion as Record<string, string>)[worker];
    if (min !== undefined && version !== undefined && !isToken(version) && compareVersions(version, min) < 0) {
      invalidProp(owner, 'glueVersion', version, `Worker type ${worker} needs Glue ${min} or later: use glue.GlueVersion.V5_0 ` +
        `or a larger worker type (${rules.source}).`);
    }
  }
  checkNumber(owner, 'numberOfWorkers', o.numberOfWorkers, 'glue.sparkMinWorkers', { integer: true,
    fix: `Spark jobs need a whole number of at least ${limit('glue.sparkMinWorkers').min} workers (one is the driver) (${limit('glue.sparkMinWorkers').source}).` });
  if (o.timeout !== undefined && !o.timeout.isUnresolved()) {
    const t = limit('glue.Timeout');
    const minutes = o.timeout.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < (t.min as number) || minutes > (t.max as number)) {
      invalidProp(owner, 'timeout', o.timeout.toHumanString(), `Glue job timeouts are whole minutes from ${t.min} to ${t.max} (${t.source}).`);
    }
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 || Number.isNaN(d)) return Number.isNaN(d) ? 0 : d;
  }
  return 0;
}
