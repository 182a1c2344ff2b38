import type { Response } from 'express';

/** A CSV download (UTF-8, as an attachment named `filename`) that no cache keeps. */
export function sendCsv(res: Response, filename: string, body: string): void {
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${filename}"`)
    .setHeader('Cache-Control', 'no-store')
    .send(body);
}
