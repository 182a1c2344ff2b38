// Resolves the tsconfig `@vigil/*` aliases for code that runs outside jest's module registry
// (global setup and teardown). jest's own moduleNameMapper covers the tests themselves.
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.json');

const root = path.resolve(__dirname, '../..');
const aliases = Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
  alias,
  path.join(root, target),
]);
const original = Module._resolveFilename;
if (!original.__vigilPaths) {
  Module._resolveFilename = function resolveWithAliases(request, ...rest) {
    const hit = aliases.find(([alias]) => alias === request);
    return original.call(this, hit ? hit[1] : request, ...rest);
  };
  Module._resolveFilename.__vigilPaths = true;
}
