import { simpleParser } from 'mailparser';
import * as http from 'node:http';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  text: string;
}

const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const page = (
  title: string,
  body: string,
): string => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)} – Vigil mail catcher</title><meta http-equiv="refresh" content="10">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f3f2f1;padding:1rem}</style>
</head><body><main>${body}</main></body></html>`;

/**
 * A local SMTP server that keeps what it receives in memory and shows it at an HTTP address, so a new
 * user can watch Vigil's notices arrive. For development only: it accepts mail from anyone on loopback.
 */
export async function startMailCatcher(
  smtpPort: number,
  httpPort: number,
): Promise<{ smtpUrl: string; webUrl: string; stop(): Promise<void> }> {
  const mails: CaughtMail[] = [];
  let next = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Vigil mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.unshift({
            id: next++,
            receivedAt: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            messageId: parsed.messageId ?? '',
            text: parsed.text ?? '',
          });
          mails.splice(1000);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(smtpPort, '127.0.0.1', () => resolve());
  });
  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/messages') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(mails));
      return;
    }
    const one = /^\/messages\/(\d+)$/.exec(url.pathname);
    if (one) {
      const mail = mails.find((m) => m.id === Number(one[1]));
      if (!mail)
        return void res
          .writeHead(404, { 'content-type': 'text/html' })
          .end(page('Not found', '<h1>No such message</h1>'));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        page(
          mail.subject,
          `<p><a href="/">All messages</a></p><h1>${escape(mail.subject)}</h1>
<p>To: ${escape(mail.to.join(', '))}<br>Received: ${escape(mail.receivedAt)}<br>Message-ID: ${escape(mail.messageId)}</p>
<pre>${escape(mail.text)}</pre>`,
        ),
      );
      return;
    }
    const rows = mails
      .map(
        (m) =>
          `<tr><td>${escape(m.receivedAt)}</td><td>${escape(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escape(m.subject)}</a></td></tr>`,
      )
      .join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      page(
        'Messages',
        `<h1>Emails sent by Vigil (${mails.length})</h1><p>Newest first; this page refreshes every 10 seconds.</p>
<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No messages yet.</td></tr>'}</tbody></table>`,
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(httpPort, '127.0.0.1', () => resolve());
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://localhost:${httpPort}`,
    stop: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => web.close(() => r()));
    },
  };
}
