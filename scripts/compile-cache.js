// A V8 code cache for the CommonJS modules of the reference app (aws-cdk-lib's modules and the transpiled bin/ and
// lib/): compiling them was over a tenth of the reference app's synth in a CPU profile. Node.js 22.1+ has this built in
// (module.enableCompileCache), which is used when present; on Node.js 20 this file does the same with vm.Script's
// cachedData. Entries are keyed by file name and a hash of the source, so an edited file is compiled afresh (a file
// under node_modules, where hashing megabytes of aws-cdk-lib was a few percent of a synth, by its size and
// modification time instead, as long as the text compiled is the file's own); V8
// rejects data of another V8 version or flags, and the entry is then rebuilt. One file holds the cache; it is
// rewritten (atomically) only when an entry was missing or rejected.
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

function enableCompileCache(dir) {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(dir);
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `v8-${process.version}-${process.arch}.bin`);
  const { index, blob } = read(file);
  const loaded = new Map();
  let fresh = false;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function cachedCompile(content, filename) {
    // A hashbang line or an ES module is left to Node's own loader.
    if (content.startsWith('#!') || /\.mjs$/.test(filename)) return compile.call(this, content, filename);
    const hash = sourceKey(content, filename);
    const entry = index[filename];
    const cachedData = entry && entry.h === hash ? blob.subarray(entry.o, entry.o + entry.l) : undefined;
    let script;
    try {
      script = new vm.Script(Module.wrap(content), {
        filename, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      return compile.call(this, content, filename); // let Node report the syntax error its own way
    }
    const accepted = cachedData !== undefined && !script.cachedDataRejected;
    if (!accepted) fresh = true;
    loaded.set(filename, { script, hash, reuse: accepted ? cachedData : undefined });
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (fresh) write(file, index, blob, loaded);
  });
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** What identifies the source: its size and mtime for an installed file read as is, else a hash of the text. */
function sourceKey(content, filename) {
  if (filename.includes(NODE_MODULES)) {
    try {
      const st = fs.statSync(filename);
      if (st.size === Buffer.byteLength(content)) return `${st.size}:${st.mtimeMs}`;
    } catch {
      // fall through to the hash
    }
  }
  return crypto.createHash('sha1').update(content).digest('base64');
}

function makeRequire(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** The cache file: a 4-byte length, a JSON index {file: {h: hash, o: offset, l: length}}, then the data. */
function read(file) {
  try {
    const buf = fs.readFileSync(file);
    const n = buf.readUInt32LE(0);
    return { index: JSON.parse(buf.subarray(4, 4 + n).toString('utf8')), blob: buf.subarray(4 + n) };
  } catch {
    return { index: {}, blob: Buffer.alloc(0) };
  }
}

function write(file, index, blob, loaded) {
  try {
    const parts = [];
    const next = {};
    let offset = 0;
    const add = (name, h, data) => {
      next[name] = { h, o: offset, l: data.length };
      parts.push(data);
      offset += data.length;
    };
    // Data made after the run includes the functions compiled while it ran.
    // An accepted entry keeps its data: serializing it again would only lose functions that did not run this time.
    for (const [name, { script, hash, reuse }] of loaded) add(name, hash, reuse ?? script.createCachedData());
    for (const [name, e] of Object.entries(index)) {
      if (!loaded.has(name) && e.o + e.l <= blob.length) add(name, e.h, blob.subarray(e.o, e.o + e.l));
    }
    const head = Buffer.from(JSON.stringify(next), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(head.length, 0);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([len, head, ...parts]));
    fs.renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

module.exports = { enableCompileCache };
