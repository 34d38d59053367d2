/** The state machine's answers: the mapping lives in lambda/core/rollout/step-results.ts (the transition uses it). */
export { stepResultOf, statusDetail, terminalResult } from '../../core/rollout';
