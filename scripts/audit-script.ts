import type { EnvSchema } from '@vigil/config';

/** What the audit scripts read: DATABASE_URL, the checkpoint key and the data directory, nothing else. */
export function auditScriptEnv(schema: typeof EnvSchema): {
  databaseUrl: string;
  key: string | undefined;
  dataDir: string;
  production: boolean;
} {
  const read = <K extends 'DATABASE_URL' | 'AUDIT_CHECKPOINT_KEY' | 'VIGIL_DATA_DIR'>(name: K) => {
    const raw = process.env[name];
    const parsed = schema.shape[name].safeParse(raw === '' ? undefined : raw);
    if (!parsed.success) throw new Error(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return parsed.data;
  };
  return {
    databaseUrl: read('DATABASE_URL') as string,
    key: read('AUDIT_CHECKPOINT_KEY') as string | undefined,
    dataDir: read('VIGIL_DATA_DIR') as string,
    production: (process.env.NODE_ENV ?? 'production') === 'production',
  };
}

/** An error's message with any connection password masked: never print a stack or a secret. */
export function safeMessage(error: unknown): string {
  let text = error instanceof Error ? error.message : String(error);
  const secret = passwordOf(process.env.DATABASE_URL);
  if (secret) text = text.split(secret).join('***');
  return text.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}

function passwordOf(url: string | undefined): string {
  if (!url || !URL.canParse(url)) return '';
  const { password } = new URL(url);
  return password && decodeURIComponent(password);
}

/** Runs a script's body: its exit code, or 2 (and a message without secrets or a stack) if it cannot run. */
export function runAuditScript(what: 'verification' | 'checkpoint', body: () => Promise<number>): void {
  const fail = (error: unknown): never => {
    console.error(`audit ${what} failed to run:`, safeMessage(error));
    process.exit(2);
  };
  // Anything that escapes the promise chain (a dropped connection) still ends as "could not run".
  process.on('uncaughtException', fail);
  body().then((code) => process.exit(code), fail);
}
