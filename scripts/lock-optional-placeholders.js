#!/usr/bin/env node
// Some registries serve only the platform builds they need (no darwin or win32 binaries of @swc/core,
// for example). `npm install` then leaves those optional dependencies out of package-lock.json and
// `npm ci` refuses the lock as out of sync. This adds an entry for each missing optional platform
// package, with the os/cpu its name declares, so npm ci skips it on every other platform.
// Run after changing dependencies: `node scripts/lock-optional-placeholders.js && npm install --package-lock-only`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(__dirname, '../package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'openharmony',
  'sunos',
  'wasm32',
  'win32',
  'aix',
  'netbsd',
  'openbsd',
];
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  arm: 'arm',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  wasm32: 'wasm32',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => p.replace(/eabihf?$/, '')).find((p) => CPU[p]);
  return os && cpu ? { os: [os === 'wasm32' ? 'linux' : os], cpu: [CPU[cpu]] } : null;
}

let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${dep}`;
    if (packages[target] || packages[`${key}/${target}`]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(spec)) continue;
    packages[target] = { version: spec, ...platform, optional: true, ...(entry.dev ? { dev: true } : {}) };
    added += 1;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} placeholder entr${added === 1 ? 'y' : 'ies'} for optional platform packages`);
