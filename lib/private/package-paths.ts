import * as fs from 'fs';
import * as path from 'path';

/**
 * The root folder of the cdk-mlops package, found from this file whether it runs compiled (dist/lib/...)
 * or from source under ts-jest (lib/...).
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'cdk-mlops') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cdk-mlops: cannot find the package root above ${__dirname}`);
    }
    dir = parent;
  }
}

/** Absolute path of a file or folder shipped in the package's assets/ folder. */
export function assetPath(...parts: string[]): string {
  const p = path.join(packageRoot(), 'assets', ...parts);
  if (!fs.existsSync(p)) {
    throw new Error(`cdk-mlops: the packaged asset ${p} is missing; the package is incomplete (reinstall cdk-mlops).`);
  }
  return p;
}
