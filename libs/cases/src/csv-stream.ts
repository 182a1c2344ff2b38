import type { Response } from 'express';

/**
 * Streams a case's CSV export: the headers go with the first chunk, so a refusal (thrown before anything is
 * written) still leaves as the usual 404 or 403 page or problem.
 */
export async function streamCsv(
  res: Response,
  caseId: string,
  produce: (write: (chunk: string) => void) => Promise<void>,
): Promise<void> {
  await produce((chunk) => {
    if (!res.headersSent) {
      res
        .status(200)
        .setHeader('Cache-Control', 'no-store')
        .setHeader('Content-Disposition', `attachment; filename="case-${caseId}-audit.csv"`)
        .type('text/csv; charset=utf-8');
    }
    res.write(chunk);
  });
  res.end();
}
