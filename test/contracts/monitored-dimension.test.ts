import { monitoredDimension, MONITORED_DIMENSION_ENV } from '../../contracts/model-monitor';

test('the monitors\' target dimension: variants by default, inference components on request, nothing else', () => {
  expect(monitoredDimension(undefined)).toBe('VariantName');
  expect(monitoredDimension('')).toBe('VariantName');
  expect(monitoredDimension('InferenceComponentName')).toBe('InferenceComponentName');
  expect(() => monitoredDimension('ComponentName')).toThrow(`${MONITORED_DIMENSION_ENV} is 'ComponentName'; use VariantName or InferenceComponentName`);
});
