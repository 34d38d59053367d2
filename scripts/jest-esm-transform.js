// Jest transform for the ES-module-only packages the Lambda handlers bundle (hyparquet): esbuild turns them into
// CommonJS for Jest's module loader, as scripts/bundle.js does for the Lambda bundles.
const esbuild = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code } = esbuild.transformSync(source, { format: 'cjs', loader: 'js', target: 'node20', sourcefile: filename });
    return { code };
  },
};
