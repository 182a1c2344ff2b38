import * as fs from 'node:fs';
import * as path from 'node:path';
import { dynamicConfigArgs, TEMPORAL_DYNAMIC_CONFIG } from './temporal-config';

const YAML = path.resolve(__dirname, '../../deploy/temporal/dynamicconfig.yaml');

/**
 * The file's settings, read by the rules it is written in: `key:` on its own line, then one
 * `  - value: <JSON>` line (no constraints). Anything else that is not a comment or blank is an error.
 */
function readDynamicConfigFile(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let key: string | null = null;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (line === '' || line.trimStart().startsWith('#')) continue;
    const keyLine = /^([A-Za-z][\w.]*):$/.exec(line);
    const valueLine = /^ {2}- value: (.+)$/.exec(line);
    if (keyLine) key = keyLine[1];
    else if (valueLine && key && !(key in out)) out[key] = JSON.parse(valueLine[1]);
    else throw new Error(`dynamicconfig.yaml line ${i + 1} is not in the expected form: ${raw}`);
  }
  return out;
}

describe('Temporal dynamic configuration', () => {
  it('docker-compose reads the same settings as every server the scripts start', () => {
    expect(readDynamicConfigFile(fs.readFileSync(YAML, 'utf8'))).toEqual(TEMPORAL_DYNAMIC_CONFIG);
  });

  it('docker-compose mounts the file and points the server at it', () => {
    const compose = fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8');
    expect(compose).toMatch(
      /\.\/deploy\/temporal\/dynamicconfig\.yaml:\/etc\/temporal\/config\/dynamicconfig\/vigil\.yaml:ro/,
    );
    expect(compose).toMatch(/DYNAMIC_CONFIG_FILE_PATH: config\/dynamicconfig\/vigil\.yaml/);
  });

  it('turns each setting into a --dynamic-config-value argument with a JSON value', () => {
    expect(dynamicConfigArgs()).toEqual([
      '--dynamic-config-value',
      'system.enableActivityEagerExecution=true',
    ]);
  });

  it('refuses a file line it does not understand, so a typo cannot pass as an empty file', () => {
    expect(() => readDynamicConfigFile('system.enableActivityEagerExecution: true\n')).toThrow(/line 1/);
  });
});
