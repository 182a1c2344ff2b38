import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

const root = path.resolve(__dirname, '../..');

/**
 * Runs one of the repository's scripts (`scripts/audit-verify.ts`) as an operator would: a child Node
 * process in the repository's root with the given environment, killed after a minute.
 */
export function runScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ScriptRun> {
  return new Promise<ScriptRun>((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.resolve(root, script), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: stdout + stderr });
    });
  });
}
