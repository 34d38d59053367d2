import { parseChampionSlots, renderChampionSlots } from '../../contracts/champion-slots';

const V7 = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/7';

test('the context value round-trips through the stack output text', () => {
  const slots = { blue: 'packaged', green: V7 };
  expect(renderChampionSlots(slots)).toBe(`blue=packaged,green=${V7}`);
  expect(parseChampionSlots(renderChampionSlots(slots))).toEqual(slots);
  expect(parseChampionSlots(` green=${V7} , blue=packaged `)).toEqual(slots);
});

test.each([
  [undefined, /is not a text of the form blue=<arn\|packaged>,green=<arn\|packaged>/],
  ['', /is not a text/],
  [`blue=packaged`, /does not say what green holds; name both slots/],
  [`blue=packaged,gren=${V7}`, /names the slot 'gren'; the champion slots are blue and green/],
  [`blue=packaged,blue=${V7},green=packaged`, /names the slot 'blue' twice/],
  ['blue=packaged,green=arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/iris',
    /gives slot 'green' the model 'arn:aws:sagemaker:eu-west-1:123456789012:model-package-group\/iris', which is neither 'packaged' nor a versioned model package ARN/],
  ['blue,green', /gives slot 'blue' the model ''/],
])('context championSlots=%j is refused with the key, the value and the fix', (value, message) => {
  expect(() => parseChampionSlots(value)).toThrow(message);
  expect(() => parseChampionSlots(value)).toThrow(/context championSlots=.*npx cdk-mlops champion-slots <stack>/);
});
