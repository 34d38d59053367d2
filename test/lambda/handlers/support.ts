/** Shared test plumbing: captured structured logs, short retry/settle timings, a controllable clock. */
import { configureTiming } from '../../../lambda/shared/timing';
import { setLogSink } from '../../../lambda/shared/log';

export interface CapturedLogs {
  readonly lines: Array<Record<string, unknown>>;
  /** Log lines (not EMF metrics) whose msg contains `text`. */
  find(text: string): Array<Record<string, unknown>>;
  metric(name: string): Array<Record<string, unknown>>;
}

/** Captures every log line as parsed JSON (and fails the test if a line is not JSON). */
export function captureLogs(): CapturedLogs {
  const lines: Array<Record<string, unknown>> = [];
  setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return {
    lines,
    find: (text) => lines.filter((l) => typeof l.msg === 'string' && l.msg.includes(text)),
    metric: (name) => lines.filter((l) => l._aws !== undefined && name in l),
  };
}

export function fastTiming(): void {
  configureTiming({ retryBaseDelayMs: 1, retryMaxDelayMs: 4, settlePollMs: 1, settleMaxMs: 200,
    controllerApplyBudgetMs: 2000, rollbackBudgetMs: 2000, triggerPollBudgetMs: 500, triggerRestoreBudgetMs: 500,
    alarmReadBudgetMs: 500 });
}

/** Date.now() plus an offset the test advances (the policy's bake clocks read epoch seconds). */
export function controllableClock(): { advance(seconds: number): void; restore(): void } {
  const real = Date.now.bind(Date);
  let offsetMs = 0;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => real() + offsetMs);
  return { advance: (s) => { offsetMs += s * 1000; }, restore: () => spy.mockRestore() };
}

/** The SDK commands of one type among a spied `send`'s calls. */
export function commandsOf<T>(calls: ReadonlyArray<readonly unknown[]>, type: abstract new (...args: never[]) => T): T[] {
  return calls.map(([c]) => c).filter((c): c is T => c instanceof type);
}

/**
 * The environment a ComponentRollout gives the functions it grants inference component calls
 * (lib/rollout/component-rollout.ts): the executor makes them only there. Call inside a describe.
 */
export function allowComponentCalls(): void {
  beforeAll(() => { process.env.ROLLOUT_COMPONENT_CALLS = '1'; });
  afterAll(() => { delete process.env.ROLLOUT_COMPONENT_CALLS; });
}
