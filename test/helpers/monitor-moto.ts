/**
 * The shared moto_server set-up of the scheduled-monitor and experiment handler tests (drift, quality, baseline,
 * pipeline, A/B analysis): call inside a describe; before its tests it starts moto_server, injects the handlers'
 * clients (and Athena's when asked), sends logs to `logs` (or nowhere), creates the buckets and sets the
 * handler's environment; after them it restores all of that and stops moto_server by its PID.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { setAthenaClient } from '../../lambda/shared/athena';
import { AwsClients, createClients, setClients } from '../../lambda/shared/clients';
import { setLogSink } from '../../lambda/shared/log';
import { motoClientConfig, MotoServer, startMoto } from './moto';

export interface MonitorMotoOptions {
  /** Buckets to create. */
  readonly buckets: readonly string[];
  /** The handler's environment, set before the tests and removed after. */
  readonly env?: Record<string, string>;
  /** Collects the handler's log lines (default: dropped). */
  readonly logs?: string[];
  /** Point the handlers' Athena client at moto_server too. */
  readonly athena?: boolean;
  /** Changes the clients before they are injected (e.g. to record calls). */
  readonly wrap?: (aws: AwsClients) => void;
}

/** Filled in before the tests run. */
export interface MonitorMoto {
  aws: AwsClients;
  moto: MotoServer;
  /** Puts a text object. */
  put(bucket: string, key: string, body: string): Promise<unknown>;
}

export function useMonitorMoto(o: MonitorMotoOptions): MonitorMoto {
  const saved: Record<string, string | undefined> = {};
  const world = {
    put: (bucket: string, key: string, body: string) => world.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
  } as MonitorMoto;
  beforeAll(async () => {
    world.moto = await startMoto();
    world.aws = createClients(motoClientConfig(world.moto.endpoint));
    o.wrap?.(world.aws);
    setClients(world.aws);
    if (o.athena) setAthenaClient(new AthenaClient(motoClientConfig(world.moto.endpoint)));
    setLogSink(o.logs ? (l) => o.logs!.push(l) : () => undefined);
    for (const b of o.buckets) await world.aws.s3.send(new CreateBucketCommand({ Bucket: b }));
    for (const [k, v] of Object.entries(o.env ?? {})) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  }, 120_000);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    setClients(undefined);
    if (o.athena) setAthenaClient(undefined);
    setLogSink(undefined);
    await world.moto?.stop();
  });
  return world;
}

/** Deterministic pseudo-random numbers (a linear congruential generator), uniform in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
