import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** The repository root (the folder with package.json named "vigil"), from source or from dist/. */
export function repositoryRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vigil'
    ) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Vigil repository root');
    dir = parent;
  }
}
