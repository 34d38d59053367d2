/**
 * Worker thread of the capture ingest pool (capture-ingest-pool.ts): the same byte-level ingest as the main thread
 * (lambda/core/monitoring CaptureByteIngester) over the chunks it is sent, each holding whole lines; it answers every
 * chunk with an acknowledgement (the pool's back-pressure) and `end` with its window summary.
 */
import { parentPort, workerData } from 'worker_threads';
import { CaptureByteIngester, WindowAccumulator, type Baseline, type CaptureLayout, type SummaryLimits } from '../core/monitoring';

/** What the pool passes to each worker. */
export interface IngestWorkerData {
  readonly baseline: Baseline;
  readonly layout: CaptureLayout;
  readonly limits?: SummaryLimits;
}

/** Messages from the pool. */
export type IngestWorkerRequest = { readonly type: 'chunk'; readonly bytes: ArrayBuffer; readonly length: number } | { readonly type: 'end'; readonly start: string; readonly end: string };

if (parentPort) {
  const port = parentPort;
  const data = workerData as IngestWorkerData;
  const acc = new WindowAccumulator(data.baseline, data.limits ?? {});
  const ingester = new CaptureByteIngester(acc, data.layout);
  port.on('message', (m: IngestWorkerRequest) => {
    try {
      if (m.type === 'chunk') {
        ingester.write(Buffer.from(m.bytes, 0, m.length));
        // The buffer goes back to the pool for the next batch.
        port.postMessage({ type: 'ack', bytes: m.bytes }, [m.bytes]);
      } else {
        ingester.end();
        port.postMessage({ type: 'summary', summary: acc.summary(m.start, m.end) });
      }
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) });
    }
  });
}
