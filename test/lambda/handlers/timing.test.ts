/** Retry budgets shrink to what the Lambda invocation has left. */
import { budgetWithin } from '../../../lambda/shared/timing';

describe('budgetWithin', () => {
  const left = (ms: number) => ({ getRemainingTimeInMillis: () => ms });
  it('keeps the configured budget outside Lambda or when there is time', () => {
    expect(budgetWithin(40000)).toBe(40000);
    expect(budgetWithin(40000, left(900000))).toBe(40000);
  });
  it('ends 15 s before the timeout, and always allows one short try', () => {
    expect(budgetWithin(300000, left(60000))).toBe(45000);
    expect(budgetWithin(300000, left(5000))).toBe(1000);
  });
});
