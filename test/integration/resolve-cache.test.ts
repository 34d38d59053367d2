/**
 * scripts/resolve-cache.js: where the reference app's require() calls into node_modules resolve to is cached, tied to
 * npm's record of the installed tree; this repository's own files are always resolved afresh. (Child Node processes:
 * jest has its own module loader.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const script = path.join(__dirname, '..', '..', 'scripts', 'resolve-cache.js');

/** Runs `main` under `root` with the resolve cache in `cacheFile`; prints what it prints. */
function run(root: string, cacheFile: string, main: string): string {
  const r = spawnSync(process.execPath, ['-e',
    `require(${JSON.stringify(script)}).enableResolveCache(${JSON.stringify(cacheFile)}, ${JSON.stringify(root)});` +
    `require(${JSON.stringify(main)});`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

function entries(cacheFile: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(cacheFile, 'utf8')).entries;
}

describe('resolve cache', () => {
  let root: string;
  let cacheFile: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-cache-'));
    cacheFile = path.join(root, 'cache', 'resolve.json');
    write('node_modules/.package-lock.json', '{"lockfileVersion":3}\n');
    write('node_modules/dep/package.json', '{"name":"dep","main":"lib/a.js"}\n');
    write('node_modules/dep/lib/a.js', "exports.name = 'a:' + require('./b').name;\n");
    write('node_modules/dep/lib/b.js', "exports.name = 'b';\n");
    write('lib/util.js', "exports.name = 'util';\n");
    write('bin/main.js', "process.stdout.write(require('dep').name + ' ' + require('../lib/util').name);\n");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps only resolutions into node_modules: package names and requires made inside node_modules', () => {
    expect(run(root, cacheFile, path.join(root, 'bin', 'main.js'))).toBe('a:b util');
    const real = fs.realpathSync(root);
    expect(entries(cacheFile)).toEqual({
      [`${path.join(real, 'bin')}\0dep`]: path.join(real, 'node_modules', 'dep', 'lib', 'a.js'),
      [`${path.join(real, 'node_modules', 'dep', 'lib')}\0./b`]: path.join(real, 'node_modules', 'dep', 'lib', 'b.js'),
    });
    // Warm: the same answer, and nothing added.
    const before = fs.readFileSync(cacheFile, 'utf8');
    expect(run(root, cacheFile, path.join(root, 'bin', 'main.js'))).toBe('a:b util');
    expect(fs.readFileSync(cacheFile, 'utf8')).toBe(before);
  });

  it('resolves the repository\'s own files afresh: a file moved into a folder is found', () => {
    expect(run(root, cacheFile, path.join(root, 'bin', 'main.js'))).toBe('a:b util');
    fs.rmSync(path.join(root, 'lib', 'util.js'));
    write('lib/util/index.js', "exports.name = 'util/index';\n");
    expect(run(root, cacheFile, path.join(root, 'bin', 'main.js'))).toBe('a:b util/index');
  });

  it('starts empty when npm changes the installed tree (node_modules/.package-lock.json)', () => {
    expect(run(root, cacheFile, path.join(root, 'bin', 'main.js'))).toBe('a:b util');
    // A new version of dep with another entry file, as `npm install` would leave it.
    write('node_modules/dep/package.json', '{"name":"dep","main":"lib/c.js"}\n');
    write('node_modules/dep/lib/c.js', "exports.name = 'c';\n");
    write('node_modules/.package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
    expect(run(root, cacheFile, path.join(root, 'bin', 'main.js'))).toBe('c util');
    expect(Object.values(entries(cacheFile))).toEqual([path.join(fs.realpathSync(root), 'node_modules', 'dep', 'lib', 'c.js')]);
  });

  it('caches nothing without npm\'s record of the tree', () => {
    fs.rmSync(path.join(root, 'node_modules', '.package-lock.json'));
    expect(run(root, cacheFile, path.join(root, 'bin', 'main.js'))).toBe('a:b util');
    expect(fs.existsSync(cacheFile)).toBe(false);
  });
});
