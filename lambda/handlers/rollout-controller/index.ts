/**
 * Rollout controller Lambda, one task of the shared rollout state machine: `start`, `step` (one check of the
 * policy loop) and `hook-result`. Decisions come from lambda/core/rollout; this is the I/O around them.
 */
import { assertValid, controllerEventProblems, ControllerEvent, StepResult } from '../../core/rollout';
import type { LambdaContextLike } from '../../shared/timing';
import { controllerContext } from './context';
import { hookResult } from './hook-result';
import { start } from './start';
import { step } from './step';

export async function handler(event: ControllerEvent, lambda?: LambdaContextLike): Promise<StepResult> {
  assertValid('rollout-controller', controllerEventProblems(event));
  switch (event.action) {
    case 'start': {
      const ctx = controllerContext({ endpointName: event.input.endpointName, rolloutId: event.input.rolloutId }, lambda);
      return start(ctx, event.input, event.executionArn);
    }
    case 'step':
      return step(controllerContext(event, lambda), event.endpointName, event.rolloutId);
    case 'hook-result':
      return hookResult(controllerContext(event, lambda), event);
    default:
      throw new Error(`unknown controller action ${JSON.stringify((event as { action?: unknown }).action)}`);
  }
}
