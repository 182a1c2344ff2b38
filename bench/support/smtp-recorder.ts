import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RecordedMail {
  to: string[];
  subject: string;
  /** The X-Vigil-Step header: which notice of which case this is (e.g. concern.triage#rung-1). */
  step: string;
  /** The X-Vigil-Reference header: the case reference (VIG-2026-000123). */
  reference: string;
  /** Date.now() when the last byte of the message arrived, before any parsing. */
  receivedAt: number;
}

/** RFC 5322 header block → lower-cased name → value, with folded lines joined. */
export function parseHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * An SMTP server in the benchmark process that only records what arrives. Unlike the test inbox it
 * stamps the time as the message ends and reads headers without mailparser, so the time measured is
 * when the mail reached the server, not when this process got round to parsing it.
 */
export class SmtpRecorder {
  readonly mails: RecordedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;
  /** Connections that failed (reset by the client, for instance). */
  connectionErrors = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<SmtpRecorder> {
    const recorder = new SmtpRecorder();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // The worker's pool keeps connections open; no per-connection cap should throttle it.
      maxClients: 100,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const receivedAt = Date.now();
          const headers = parseHeaders(Buffer.concat(chunks).toString('utf8'));
          recorder.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: headers.get('subject') ?? '',
            step: headers.get('x-vigil-step') ?? '',
            reference: headers.get('x-vigil-reference') ?? '',
            receivedAt,
          });
          callback();
        });
      },
    });
    // A client cut off mid-session (a SIGKILLed worker) resets its connection: count it, do not crash.
    server.on('error', () => {
      recorder.connectionErrors += 1;
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    recorder.port = (server.server.address() as AddressInfo).port;
    recorder.server = server;
    return recorder;
  }

  count(predicate: (m: RecordedMail) => boolean): number {
    let n = 0;
    for (const m of this.mails) if (predicate(m)) n += 1;
    return n;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
