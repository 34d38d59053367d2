/** The request hook's configurable output check (pure). */
import { outputProblems, parseInlinePayloads, parseOutputSpec, valueAt } from '../../../../lambda/core/hooks';

describe('valueAt (JSONPath subset)', () => {
  const doc = { predictions: [{ score: 0.93, label: 'fraud' }], 'odd key': [1, 2] };
  it.each([
    ['$', doc], ['$.predictions[0].score', 0.93], ["$['odd key'][1]", 2], ['$.predictions[1].score', undefined], ['$.missing.x', undefined],
  ])('%s', (path, value) => expect(valueAt(doc, path)).toEqual(value));
  it('refuses paths outside the subset with the fix', () => {
    expect(() => valueAt(doc, 'predictions')).toThrow(/must start with \$/);
    expect(() => valueAt(doc, '$..score')).toThrow(/use \.name, \['name'\] or \[index\]/);
  });
});

describe('outputProblems', () => {
  const score = (check: object) => ({ kind: 'jsonPath' as const, path: '$.predictions[0].score', check: check as never });
  it.each([
    ['any answer', '<html>', { kind: 'any' }, []],
    ['a probability', '0.97\n', { kind: 'number', min: 0, max: 1 }, []],
    ['a number out of range', '1.7', { kind: 'number', min: 0, max: 1 }, ['output 1.7 is outside [0, 1]']],
    ['an empty body is not a number', '', { kind: 'number' }, ['output "" is not a single number']],
    ['a JSON score in range', '{"predictions":[{"score":0.2}]}', score({ kind: 'between', min: 0, max: 1 }), []],
    ['a JSON score missing', '{"predictions":[]}', score({ kind: 'exists' }), ['$.predictions[0].score is missing']],
    ['a JSON label', '{"predictions":[{"score":"0.2"}]}', score({ kind: 'equals', value: '0.2' }), []],
    ['a label pattern', '{"predictions":[{"score":"high"}]}', score({ kind: 'matches', pattern: '^(low|high)$' }), []],
    ['not JSON', 'oops', score({ kind: 'exists' }), ['output "oops" is not JSON']],
    ['a regex', 'label=setosa', { kind: 'regex', pattern: '^label=\\w+$' }, []],
  ])('%s', (_what, body, spec, problems) => expect(outputProblems(body, spec as never)).toEqual(problems));
});

describe('parsing the environment', () => {
  it('accepts the specs lib/rollout writes and names what is wrong with others', () => {
    expect(parseOutputSpec('{"kind":"jsonPath","path":"$.a[0]","check":{"kind":"between","min":0,"max":1}}')).toMatchObject({ kind: 'jsonPath' });
    expect(() => parseOutputSpec('{"kind":"jsonPath","path":"$.a","check":{"kind":"between","min":0}}')).toThrow(/"check" must be/);
    expect(() => parseOutputSpec('{"kind":"probability"}')).toThrow(/"kind" must be any, regex, number or jsonPath/);
    expect(() => parseOutputSpec('nope')).toThrow(/HOOK_EXPECTED_OUTPUT must be JSON/);
    expect(parseInlinePayloads('[{"body":"1,2"}]')).toEqual([{ body: '1,2' }]);
    expect(() => parseInlinePayloads('[{"name":"x"}]')).toThrow('HOOK_PAYLOADS[0] has no string "body"');
    expect(() => parseInlinePayloads('[]')).toThrow(/non-empty/);
  });
});
