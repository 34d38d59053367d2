/** The package version, read from the package.json above this file (dist/cli/ in the bundle, bin/cli/ in tests). */
import * as fs from 'fs';
import * as path from 'path';

export function packageVersion(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cdk-mlops' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
