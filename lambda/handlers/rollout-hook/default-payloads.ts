/**
 * Copy of assets/payloads/iris-samples.jsonl, embedded so the bundled hook works without S3 (esbuild cannot
 * bundle .jsonl). test/lambda/handlers/rollout-hook.test.ts checks it still equals the asset file.
 */
import type { HookPayload } from '../../core/hooks';

export const DEFAULT_PAYLOADS: readonly HookPayload[] = [
  {
    name: 'setosa-typical',
    source: 'assets/model/data/iris.csv data row 1',
    contentType: 'text/csv',
    accept: 'text/csv',
    body: '5.1,3.5,1.4,0.2',
    expected: {
      species: 'setosa',
      predictedLabel: 0,
      probability: 0.019681,
      probabilityTolerance: 0.001
    }
  },
  {
    name: 'versicolor-typical',
    source: 'assets/model/data/iris.csv data row 51',
    contentType: 'text/csv',
    accept: 'text/csv',
    body: '7.0,3.2,4.7,1.4',
    expected: {
      species: 'versicolor',
      predictedLabel: 0,
      probability: 0.023652,
      probabilityTolerance: 0.001
    }
  },
  {
    name: 'versicolor-small',
    source: 'assets/model/data/iris.csv data row 61',
    contentType: 'text/csv',
    accept: 'text/csv',
    body: '5.0,2.0,3.5,1.0',
    expected: {
      species: 'versicolor',
      predictedLabel: 0,
      probability: 0.045125,
      probabilityTolerance: 0.001
    }
  },
  {
    name: 'virginica-typical',
    source: 'assets/model/data/iris.csv data row 101',
    contentType: 'text/csv',
    accept: 'text/csv',
    body: '6.3,3.3,6.0,2.5',
    expected: {
      species: 'virginica',
      predictedLabel: 1,
      probability: 0.973275,
      probabilityTolerance: 0.001
    }
  },
  {
    name: 'virginica-small',
    source: 'assets/model/data/iris.csv data row 150',
    contentType: 'text/csv',
    accept: 'text/csv',
    body: '5.9,3.0,5.1,1.8',
    expected: {
      species: 'virginica',
      predictedLabel: 1,
      probability: 0.933266,
      probabilityTolerance: 0.001
    }
  }
];
