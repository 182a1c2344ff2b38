import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@vigil/config';
import { createTransport, type Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers?: Record<string, string>;
}

export interface SmtpResult {
  response: string;
  accepted: string[];
}

/** Pooled nodemailer transport. nodemailer does not retry; Temporal retries the activity. */
@Injectable()
export class MailDriver implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(private readonly config: AppConfig) {
    const url = new URL(config.mail.smtpUrl);
    this.transport = createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
      secure: url.protocol === 'smtps:',
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      pool: true,
      maxConnections: 4,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // Local catchers and test servers offer no certificate; real relays set smtps:// or STARTTLS.
      ignoreTLS: url.searchParams.get('ignoreTLS') === 'true',
      tls: { rejectUnauthorized: url.searchParams.get('tlsRejectUnauthorized') !== 'false' },
    });
  }

  async send(email: OutgoingEmail): Promise<SmtpResult> {
    const info = (await this.transport.sendMail({
      from: this.config.mail.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      messageId: email.messageId,
      headers: email.headers,
    })) as { response: string; accepted: (string | { address: string })[] };
    return {
      response: info.response,
      accepted: info.accepted.map((a) => (typeof a === 'string' ? a : a.address)),
    };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
