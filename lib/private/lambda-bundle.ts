import * as fs from 'fs';
import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { packageRoot } from './package-paths';

/**
 * The pre-built bundle of the handler in lambda/handlers/<name>/ (see scripts/bundle.js).
 * Bundles are made by `npm run build`; a consumer of the published package gets them in dist/lambda-bundles.
 */
export function lambdaBundle(name: string): lambda.Code {
  const dir = path.join(packageRoot(), 'dist', 'lambda-bundles', name);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`cdk-mlops: the Lambda bundle '${name}' is missing at ${dir}. Run 'npm run build' in the cdk-mlops package.`);
  }
  return lambda.Code.fromAsset(dir);
}

/** The Lambda runtime every handler of this library is built for. */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_22_X;
