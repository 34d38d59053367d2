// API budget at scale (part of `npm run bench -- rollout`): the controller's calls per rollout per minute from the
// plan (lambda/core/rollout/api-budget.ts), and for 1, 10 and 100 rollouts at once in one account and Region the load
// on each API against its default quota (contracts/api-quotas.ts, with sources), each rollout reading alone or one
// reader batching the reads of all of them. Computes only; nothing here asserts.

/** CloudWatch's GetMetricData list price, USD per 1,000 metrics requested (https://aws.amazon.com/cloudwatch/pricing/). */
const GET_METRIC_DATA_USD_PER_1000 = 0.01;

function benchApiBudget(rollout) {
  const plans = [
    ['today (1-minute metrics, probe on)', rollout.canary(10, 300), { metricsPeriodSeconds: 60 }],
    ['10-second metrics, count test, no probe', rollout.canary(10, 300, { probe: false }), { metricsPeriodSeconds: 10 }],
  ];
  console.log('\nAPI budget: canary 10% / 5 min, a check every 10 s (every 5 s in the first 40 s of a step on 10-second data: the busiest minute), 2 guarded alarms (lambda/core/rollout/api-budget.ts):');
  let tenSecond;
  for (const [label, plan, reads] of plans) {
    const c = rollout.rolloutCallsPerMinute(plan, reads);
    tenSecond = c;
    console.log(`per rollout per minute, ${label}: GetMetricData ${c.getMetricData} (${c.metricQueries} queries, ` +
      `${c.datapoints} datapoints), GetMetricStatistics ${c.getMetricStatistics}, DescribeEndpoint ${c.describeEndpoint}, ` +
      `DescribeAlarms ${c.describeAlarms}, DynamoDB ${c.dynamoDbReadUnits} read / ${c.dynamoDbWriteUnits} write units, ` +
      `${c.stateTransitions} state transitions; GetMetricData $${(c.metricQueries * 60 * GET_METRIC_DATA_USD_PER_1000 / 1000).toFixed(4)} per rollout-hour`);
  }
  const counts = [1, 10, 100];
  const header = ['API (default quota)', ...counts.map((n) => `${n} alone`), ...counts.map((n) => `${n} batched`)];
  const rows = rollout.accountLoad(tenSecond, 1, false).map((u) => u.api).map((api) => {
    const cell = (n, batched) => {
      const u = rollout.accountLoad(tenSecond, n, batched).find((x) => x.api === api);
      return u.share === undefined ? `${fmt(u.load)}` : `${fmt(u.load)} (${(100 * u.share).toFixed(u.share < 0.1 ? 2 : 1)}%)`;
    };
    const q = rollout.API_QUOTAS[api];
    return [`${api} (${q.limit === undefined ? 'none published' : `${q.limit.toLocaleString('en-US')} ${q.unit}`})`,
      ...counts.map((n) => cell(n, false)), ...counts.map((n) => cell(n, true))];
  });
  console.log('load per second (Lambda: executions in flight) with 10-second metrics, and its share of the quota:');
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => String(r[i]).length)));
  for (const [i, r] of [header, ...rows].entries()) {
    console.log(r.map((v, j) => String(v).padEnd(widths[j])).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const alone = rollout.maxConcurrentRollouts(tenSecond, false);
  const batched = rollout.maxConcurrentRollouts(tenSecond, true);
  console.log(`api-budget: max-concurrent-rollouts alone=${alone.rollouts} (${alone.limitedBy}) batched=${batched.rollouts} (${batched.limitedBy}); ` +
    `DescribeEndpoint has no published quota (${fmt(tenSecond.describeEndpoint / 60)}/s per rollout)`);
}

function fmt(x) {
  return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2);
}

module.exports = { benchApiBudget };
