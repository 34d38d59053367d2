// A cache of Node's module resolution for the reference app's dependencies: resolving `require()` calls (stat calls,
// package.json reads, "exports" maps) was about a tenth of the reference app's synth in a CPU profile, almost all of
// it inside node_modules. Only resolutions that end in node_modules are kept, and only for a bare specifier
// ('aws-cdk-lib/aws-s3') or a require made from inside node_modules: a relative require between this repository's own
// files is always resolved afresh, so adding, moving or deleting a file under bin/ or lib/ takes effect at once.
// The whole cache is tied to npm's record of the installed tree (node_modules/.package-lock.json, rewritten by every
// npm install / ci / uninstall) and to the Node.js version; when either changes it starts empty. A tree without that
// file (another package manager) is not cached.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** What the cache is valid for, or undefined when there is nothing to tie it to. */
function stampOf(root) {
  try {
    const st = fs.statSync(path.join(root, 'node_modules', '.package-lock.json'));
    return `${process.version} ${st.size} ${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function read(file, stamp) {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    return data.stamp === stamp && data.entries && typeof data.entries === 'object' ? data.entries : {};
  } catch {
    return {};
  }
}

/** Only resolutions into node_modules, of a package name or from a file inside node_modules. */
function cacheable(request, fromDir, filename) {
  if (!filename.includes(NODE_MODULES)) return false;
  const bare = !request.startsWith('.') && !path.isAbsolute(request);
  return bare || `${fromDir}${path.sep}`.includes(NODE_MODULES);
}

/**
 * Caches Module._resolveFilename in `file` for the dependencies installed under `root`/node_modules.
 * Returns false (and changes nothing) when the installed tree cannot be identified.
 */
function enableResolveCache(file, root) {
  const stamp = stampOf(root);
  if (stamp === undefined) return false;
  const entries = read(file, stamp);
  let added = 0;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function cachedResolve(request, parent, isMain, options) {
    // require.resolve with `paths`, the entry point and requests without a parent file keep Node's own path.
    if (isMain || options !== undefined || typeof request !== 'string' || !parent || typeof parent.filename !== 'string') {
      return resolve.apply(this, arguments);
    }
    const fromDir = path.dirname(parent.filename);
    const key = `${fromDir}\0${request}`;
    const hit = entries[key];
    if (typeof hit === 'string') return hit;
    const filename = resolve.apply(this, arguments);
    if (cacheable(request, fromDir, filename)) {
      entries[key] = filename;
      added++;
    }
    return filename;
  };
  process.once('exit', () => {
    if (added > 0) write(file, stamp, entries);
  });
  return true;
}

/** Merges with what another process may have written meanwhile, and replaces the file atomically. */
function write(file, stamp, entries) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const merged = { ...read(file, stamp), ...entries };
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ stamp, entries: merged }));
    fs.renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

module.exports = { enableResolveCache };
