/**
 * Loads an ESM-only package from CommonJS. TypeScript (and swc) would turn `import()` into
 * `require()`, so the import expression is built at run time. See docs/adr/0002-esm-only-packages.md (jest cannot run it: test such code in a child process).
 */

export const importEsm = new Function('specifier', 'return import(specifier)') as <T>(
  specifier: string,
) => Promise<T>;
