import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  receivedAt: number;
  raw: string;
  /**
   * True when the server took the whole message but never answered the end of DATA (`hangAfterData`): the
   * sender saw a timeout, yet the message may well be delivered, as with a real relay whose reply was lost.
   */
  unanswered?: boolean;
}

/**
 * A real SMTP server in the test process (smtp-server + mailparser). `stop()` closes the port so the
 * sender sees connections refused; `start()` listens on the same port again.
 */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private waiters: (() => void)[] = [];
  port = 0;
  /**
   * Fault mode: accept each message's DATA, keep the message, and never answer it (the sender times out,
   * its socket timeout). Off by default; switch it on and off at any time.
   */
  hangAfterData = false;

  static async start(): Promise<SmtpInbox> {
    const inbox = new SmtpInbox();
    await inbox.start();
    return inbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              const headers: Record<string, string> = {};
              for (const [k, v] of parsed.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
              const hang = this.hangAfterData;
              this.mails.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                messageId: parsed.messageId ?? '',
                headers,
                receivedAt: Date.now(),
                raw,
                ...(hang ? { unanswered: true } : {}),
              });
              this.waiters.splice(0).forEach((w) => w());
              // Hanging: no reply to the end of DATA; the sender's socket timeout ends the session.
              if (!hang) callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the matching mails once `predicate` holds for at least `count` of them. */
  async waitFor(
    predicate: (m: ReceivedMail) => boolean,
    options: { count?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedMail[]> {
    const count = options.count ?? 1;
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      const found = this.mails.filter(predicate);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `expected ${count} matching mail(s), got ${found.length}; subjects: ${this.mails.map((m) => m.subject).join(' | ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }
}
