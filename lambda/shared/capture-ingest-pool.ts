/**
 * Capture bytes into a window summary, on every core: the main thread only cuts the byte stream at line ends and
 * hands ~1 MiB batches of whole lines to worker threads, each running the same byte-level ingest
 * (CaptureByteIngester) into its own accumulator; their summaries are merged at the end (summaries are mergeable,
 * so the result is the serial one's: same counts and bins, moments equal to rounding). With one core (a Lambda
 * below 3,008 MB has one vCPU) or without the worker script (TypeScript sources under jest), the same ingest runs
 * in this thread. Memory: at most two batches in flight per worker.
 */
import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import {
  CaptureByteIngester, mergeSummaries, WindowAccumulator, type Baseline, type CaptureLayout, type SummaryLimits, type WindowSummary,
} from '../core/monitoring';
import type { IngestWorkerData, IngestWorkerRequest } from './capture-ingest.worker';

/** Environment variable that sets the worker count (0 or 1: in this thread). */
export const INGEST_WORKERS_ENV = 'CDK_MLOPS_INGEST_WORKERS';
/** Bytes handed to a worker at a time. */
const BATCH_BYTES = 1 << 20;
/** Batches in flight per worker before write() waits. */
const IN_FLIGHT = 2;

/** The worker script next to this module (tsc output) or next to the handler bundle (scripts/bundle.js). */
export function ingestWorkerScript(): string | undefined {
  const file = path.join(__dirname, 'capture-ingest.worker.js');
  return existsSync(file) ? file : undefined;
}

/** Workers to use: the environment's count, else one per available core; below 2, none. */
export function ingestWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const given = env[INGEST_WORKERS_ENV];
  const n = given !== undefined && given.trim() !== '' ? Number(given) : (os.availableParallelism?.() ?? os.cpus().length);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${INGEST_WORKERS_ENV} must be a whole number (0 or 1: no worker threads), got '${given}'`);
  return n >= 2 ? Math.min(n, 16) : 0;
}

/** Capture bytes in, one window summary out. Call endSource() after each object, finish() once. */
export interface CaptureIngest {
  /** The number of worker threads (0: this thread). */
  readonly workers: number;
  /** Bytes of one capture object, in order. Await it: it waits when the workers are behind. */
  write(chunk: Buffer): Promise<void>;
  /** The end of one object: a last line without a newline ends here. */
  endSource(): Promise<void>;
  /** The summary of everything written; stops the workers. */
  finish(start: string, end: string): Promise<WindowSummary>;
  /** Stops the workers without a summary (after an error). */
  close(): Promise<void>;
}

const NEWLINE = Buffer.from('\n');

class InThreadIngest implements CaptureIngest {
  readonly workers = 0;
  private readonly acc: WindowAccumulator;
  private readonly ingester: CaptureByteIngester;
  constructor(baseline: Baseline, layout: CaptureLayout, limits: SummaryLimits) {
    this.acc = new WindowAccumulator(baseline, limits);
    this.ingester = new CaptureByteIngester(this.acc, layout);
  }
  async write(chunk: Buffer): Promise<void> {
    this.ingester.write(chunk);
  }
  async endSource(): Promise<void> {
    this.ingester.write(NEWLINE);
  }
  async finish(start: string, end: string): Promise<WindowSummary> {
    this.ingester.end();
    return this.acc.summary(start, end);
  }
  async close(): Promise<void> {}
}

interface Slot {
  readonly worker: Worker;
  inFlight: number;
  summary?: WindowSummary;
}

class PooledIngest implements CaptureIngest {
  private readonly slots: Slot[];
  private parts: Buffer[] = [];
  private partBytes = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private next = 0;
  // Batch buffers the workers gave back: reused, so each batch costs a copy, not fresh pages (page faults).
  private readonly spare: ArrayBuffer[] = [];

  constructor(script: string, count: number, private readonly data: IngestWorkerData) {
    this.slots = Array.from({ length: count }, () => {
      const slot: Slot = { worker: new Worker(script, { workerData: data }), inFlight: 0 };
      slot.worker.on('message', (m: { type: string; summary?: WindowSummary; message?: string; bytes?: ArrayBuffer }) => {
        if (m.type === 'ack') {
          slot.inFlight--;
          if (m.bytes) this.spare.push(m.bytes);
        }
        else if (m.type === 'summary') slot.summary = m.summary;
        else this.failure ??= new Error(`capture ingest worker failed: ${m.message}`);
        this.poke();
      });
      slot.worker.on('error', (e) => {
        this.failure ??= e;
        this.poke();
      });
      slot.worker.on('exit', (code) => {
        if (!slot.summary) this.failure ??= new Error(`capture ingest worker exited (code ${code}) before its summary`);
        this.poke();
      });
      return slot;
    });
  }

  get workers(): number {
    return this.slots.length;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async until(ready: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (ready()) return;
      await new Promise<void>((r) => { this.wake = r; });
    }
  }

  /** Hands the first `length` bytes of parts (whole lines) to the least busy worker, copied once into its own buffer. */
  private async send(parts: readonly Buffer[], length: number): Promise<void> {
    if (length === 0) return;
    await this.until(() => this.slots.some((s) => s.inFlight < IN_FLIGHT));
    let best = -1;
    for (let k = 0; k < this.slots.length; k++) {
      const i = (this.next + k) % this.slots.length;
      if (best < 0 || this.slots[i].inFlight < this.slots[best].inFlight) best = i;
    }
    this.next = (best + 1) % this.slots.length;
    const slot = this.slots[best];
    // A buffer of its own, transferred: stream chunks may share a pooled buffer, so never theirs.
    let buffer = this.spare.pop();
    while (buffer && buffer.byteLength < length) buffer = this.spare.pop();
    buffer ??= Buffer.allocUnsafeSlow(Math.max(length, 2 * BATCH_BYTES)).buffer as ArrayBuffer;
    const copy = Buffer.from(buffer, 0, length);
    let at = 0;
    for (const p of parts) {
      const n = Math.min(p.length, length - at);
      p.copy(copy, at, 0, n);
      at += n;
      if (at === length) break;
    }
    slot.inFlight++;
    slot.worker.postMessage({ type: 'chunk', bytes: buffer, length } satisfies IngestWorkerRequest, [buffer]);
  }

  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.parts.push(chunk);
    this.partBytes += chunk.length;
    if (this.partBytes < BATCH_BYTES) return;
    const nl = chunk.lastIndexOf(10);
    if (nl < 0) return; // no line end in this chunk yet: keep collecting
    const cut = this.partBytes - (chunk.length - nl - 1);
    const parts = this.parts;
    this.parts = nl + 1 < chunk.length ? [chunk.subarray(nl + 1)] : [];
    this.partBytes = chunk.length - nl - 1;
    await this.send(parts, cut);
  }

  async endSource(): Promise<void> {
    if (this.partBytes === 0) return;
    this.parts.push(NEWLINE);
    const parts = this.parts;
    const length = this.partBytes + 1;
    this.parts = [];
    this.partBytes = 0;
    await this.send(parts, length);
  }

  async finish(start: string, end: string): Promise<WindowSummary> {
    try {
      await this.endSource();
      for (const s of this.slots) s.worker.postMessage({ type: 'end', start, end } satisfies IngestWorkerRequest);
      await this.until(() => this.slots.every((s) => s.summary !== undefined));
      return mergeSummaries(this.slots.map((s) => s.summary!), this.data.limits);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}

/** An ingest on `workers` threads (ingestWorkerCount() by default), or in this thread when that is below 2. */
export function createCaptureIngest(
  baseline: Baseline, layout: CaptureLayout, options: { readonly workers?: number; readonly limits?: SummaryLimits } = {},
): CaptureIngest {
  const limits = options.limits ?? {};
  const workers = options.workers ?? ingestWorkerCount();
  const script = workers >= 2 ? ingestWorkerScript() : undefined;
  if (!script) return new InThreadIngest(baseline, layout, limits);
  return new PooledIngest(script, workers, { baseline, layout, limits });
}
