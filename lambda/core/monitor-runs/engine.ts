/**
 * Where a scheduled monitor computes a window: in its Lambda (streaming), or in Athena when the window's new files
 * are too large for one run. Pure: no I/O. Without Athena configured, a large backlog is read over several runs
 * instead (at most `switchBytes` per run, oldest first), so a run always ends within its timeout.
 */
import type { ListedObject } from './checkpoint';

export interface EnginePlan {
  readonly engine: 'lambda' | 'athena';
  /** The objects this run covers. */
  readonly objects: ListedObject[];
  /** Objects left for the next run (Lambda path over a backlog without Athena). */
  readonly deferred: number;
  readonly bytes: number;
}

export function planWindow(objects: readonly ListedObject[], switchBytes: number, athenaAvailable: boolean): EnginePlan {
  const bytes = objects.reduce((s, o) => s + o.size, 0);
  if (bytes <= switchBytes) return { engine: 'lambda', objects: [...objects], deferred: 0, bytes };
  if (athenaAvailable) return { engine: 'athena', objects: [...objects], deferred: 0, bytes };
  const taken: ListedObject[] = [];
  let sum = 0;
  for (const o of objects) {
    if (taken.length > 0 && sum + o.size > switchBytes) break;
    taken.push(o);
    sum += o.size;
  }
  return { engine: 'lambda', objects: taken, deferred: objects.length - taken.length, bytes: sum };
}
