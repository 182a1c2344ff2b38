/**
 * `npm run audit:verify`: walks every audit chain with DATABASE_URL (the owner connection; default
 * postgres://postgres@127.0.0.1:5432/vigil) and nothing else from the configuration, so an operator
 * can run it anywhere, production included, without the application's secrets.
 * Exit 0 when it verifies, 1 when the chain is broken (naming the first broken row), 2 when it could
 * not run (bad DATABASE_URL, database unreachable).
 */
import { verifyAuditChain } from '@vigil/audit';
import { EnvSchema } from '@vigil/config';

/** DATABASE_URL as the application reads it (same rule, same default); errors never echo the value. */
function databaseUrl(): string {
  const raw = process.env.DATABASE_URL;
  const parsed = EnvSchema.shape.DATABASE_URL.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) {
    throw new Error(`DATABASE_URL: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return parsed.data;
}

/** An error's message with any connection password masked: never print a stack or a secret. */
function safeMessage(error: unknown): string {
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

async function main(): Promise<number> {
  const result = await verifyAuditChain(databaseUrl());
  if (result.ok) {
    console.log(`audit trail verified: ${result.rows} rows in ${result.chains} chain(s)`);
    return 0;
  }
  const b = result.firstBreak;
  console.error(`audit trail BROKEN at row id ${b?.id} (chain ${b?.chain}, seq ${b?.seq}): ${b?.reason}`);
  return 1;
}

// Anything that escapes the promise chain (a dropped connection) still ends as "could not run".
process.on('uncaughtException', (error) => {
  console.error('audit verification failed to run:', safeMessage(error));
  process.exit(2);
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('audit verification failed to run:', safeMessage(error));
    process.exit(2);
  },
);
