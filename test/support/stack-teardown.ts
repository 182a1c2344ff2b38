import { dropDatabase } from '@vigil/persistence';
import * as fs from 'node:fs';

const g = globalThis as typeof globalThis & {
  __vigilStack?: {
    users: number;
    env: { teardown(): Promise<void> } | null;
    templateUrl: string;
    bundlePath: string;
  };
};

export default async function globalTeardown(): Promise<void> {
  const stack = g.__vigilStack;
  if (!stack) return;
  stack.users -= 1;
  if (stack.users > 0) return;
  g.__vigilStack = undefined;
  await stack.env?.teardown();
  await dropDatabase(stack.templateUrl);
  fs.rmSync(stack.bundlePath, { force: true });
}
