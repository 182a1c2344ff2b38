import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ClockKeys } from '../../../contracts/src/clock-keys';
import { mergeWithDefaults, parsePolicy, PolicyError, type TimescalePolicy } from '../policy/policy.schema';

/*
 * Reading policy files (server-only: it touches the file system). A bad file is a start-up error whose
 * message names the file and every bad field, so an operator can fix it without reading code.
 */

/** Where the shipped default lives, relative to the repository root. */
export const DEFAULT_POLICY_RELATIVE_PATH = path.join('libs', 'domain', 'policies', 'default.json');

/**
 * Finds the shipped default policy. From source (libs/domain/src/calendar) it is two folders up; compiled
 * code runs from dist/libs/domain/src/calendar, where that path does not exist, so we also walk up to
 * the first folder that holds libs/domain/policies/default.json (the repository root).
 */
export function resolveDefaultPolicyPath(fromDir: string = __dirname): string {
  const beside = path.resolve(fromDir, '../../policies/default.json');
  if (existsSync(beside)) return beside;
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, DEFAULT_POLICY_RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `shipped default policy not found: looked for ${beside} ` +
      `and for ${DEFAULT_POLICY_RELATIVE_PATH} in every folder above ${fromDir}`,
  );
}

/** The default policy's path, or where it should be if it is missing (loadPolicy then says so). */
export const DEFAULT_POLICY_PATH: string = (() => {
  try {
    return resolveDefaultPolicyPath();
  } catch {
    return path.resolve(__dirname, '../../policies/default.json');
  }
})();

/** Reads and validates one policy file; every failure is a PolicyError naming the file. */
export function readPolicyFile(file: string): TimescalePolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(file, [
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parsePolicy(json, file);
}

/** The default must name every clock: workflows look clocks up by key and a gap would fail mid-case. */
function assertComplete(policy: TimescalePolicy, file: string): TimescalePolicy {
  const problems: string[] = [];
  for (const key of ClockKeys) {
    const clock = policy.clocks[key];
    if (!clock) problems.push(`clocks["${key}"]: missing from the default policy`);
    else if (!clock.owner) problems.push(`clocks["${key}"].owner: required in the default policy`);
  }
  if (problems.length > 0) throw new PolicyError(file, problems);
  return policy;
}

export interface LoadPolicyOptions {
  /** A council's policy file (VIGIL_POLICY_FILE); it may name only some clocks. */
  file?: string;
  /** Overrides the shipped default's location (tests). */
  defaultFile?: string;
}

/** The shipped default, with the council's file (if any) laid over it. */
export function loadPolicy({ file, defaultFile }: LoadPolicyOptions = {}): TimescalePolicy {
  const defaultsPath = defaultFile ?? resolveDefaultPolicyPath();
  const defaults = assertComplete(readPolicyFile(defaultsPath), defaultsPath);
  if (file === undefined || file === '') return defaults;
  return mergeWithDefaults(defaults, readPolicyFile(path.resolve(file)));
}
