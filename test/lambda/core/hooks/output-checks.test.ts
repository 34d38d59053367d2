/** The built-in hook's output checks (pure): status, latency, shape, range, class, regex. */
import { parseOutputCheck, problemsOf } from '../../../../lambda/core/hooks';

const payload = { name: 'p', body: '1,2,3,4', expected: { predictedLabel: 1 } };
const cfg = { maxLatencyMs: 100, outputCheck: 'probability' as const };

describe('hook checks', () => {
  it('accepts one probability of the expected class, with whitespace', () => {
    expect(problemsOf({ payload, latencyMs: 5, statusCode: 200, body: ' 0.97\n' }, cfg)).toEqual([]);
  });

  it('names each problem: status, latency, shape, range, class', () => {
    expect(problemsOf({ payload, latencyMs: 250, statusCode: 200, body: '0.9' }, cfg)).toEqual(['latency 250 ms > 100 ms']);
    expect(problemsOf({ payload, latencyMs: 5, statusCode: 200, body: '0.9,0.1' }, cfg)).toEqual(['output "0.9,0.1" is not a single number']);
    expect(problemsOf({ payload, latencyMs: 5, statusCode: 200, body: '' }, cfg)).toEqual(['output "" is not a single number']);
    expect(problemsOf({ payload, latencyMs: 5, statusCode: 200, body: '1.5' }, cfg)).toEqual(['output 1.5 is not a probability in [0, 1]']);
    expect(problemsOf({ payload, latencyMs: 5, statusCode: 200, body: '0.2' }, cfg)).toEqual(['predicted class 0 (p=0.2), expected 1']);
    expect(problemsOf({ payload, latencyMs: 5, error: 'ModelError: boom' }, cfg)).toEqual(['invocation failed: ModelError: boom']);
    expect(problemsOf({ payload, latencyMs: 5, statusCode: 500, body: '0.9' }, cfg)).toEqual(['HTTP 500']);
  });

  it('uses the regex instead of the numeric check when one is configured; numeric ignores the class', () => {
    expect(problemsOf({ payload, latencyMs: 1, body: '{"label":"x"}' }, { ...cfg, expectedRegex: /"label"/ })).toEqual([]);
    expect(problemsOf({ payload, latencyMs: 1, body: 'nope' }, { ...cfg, expectedRegex: /^\d+$/ }))
      .toEqual(['output "nope" does not match /^\\d+$/']);
    expect(problemsOf({ payload, latencyMs: 1, body: '42' }, { ...cfg, outputCheck: 'numeric' })).toEqual([]);
  });

  it('parses HOOK_OUTPUT_CHECK, defaulting to probability', () => {
    expect([parseOutputCheck(undefined), parseOutputCheck(' Numeric '), parseOutputCheck('any')]).toEqual(['probability', 'numeric', 'any']);
    expect(() => parseOutputCheck('json')).toThrow(/HOOK_OUTPUT_CHECK must be probability, numeric or any, got "json"/);
  });
});
