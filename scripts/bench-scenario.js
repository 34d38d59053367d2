// The rollout bench's scenario (scripts/bench-rollout.js), shared with the tests that check the figures the guides
// quote from it (test/docs/ten-second-figures.test.ts).
const RATE = 20; // requests per second
const HORIZON = 1800; // seconds simulated after the start; a bad model never rolled back is counted this long
const STABLE = { errorRate: 0.001, latencyMedianMs: 40 };
const BAD = { errorRate: 0.2, latencyMedianMs: 40 };
const GOOD = { errorRate: 0.001, latencyMedianMs: 42 };
const ALARM = { threshold: 0.05, evaluationPeriods: 1, datapointsToAlarm: 1 };
/** The floor bad requests are compared with: canary share x rate x detection window (datapointsToAlarm x 60 s) x 5XX rate. */
const MINIMUM = 0.10 * RATE * ALARM.datapointsToAlarm * 60 * BAD.errorRate;

module.exports = { RATE, HORIZON, STABLE, BAD, GOOD, ALARM, MINIMUM };
