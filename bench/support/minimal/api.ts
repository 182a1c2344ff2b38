/**
 * The minimal equivalent program's front (bench:intake): `POST /cases` reads a JSON body, inserts one
 * row in one PostgreSQL transaction, starts one workflow, and answers 201. No authentication, no
 * validation, no audit, no row-level security: the least a design of this kind does per case. Plain
 * node:http, so it is driven by the same HTTP load generator as Vigil's API.
 * Environment: PORT, DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, DATABASE_POOL_MAX.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '@vigil/config';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const pool = new Pool({ connectionString: config.database.url, max: config.database.poolMax });
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });

  const create = async (body: unknown): Promise<string> => {
    const id = randomUUID();
    const db = await pool.connect();
    try {
      await db.query('begin');
      await db.query(`insert into bench_minimal_cases (id, body) values ($1, $2)`, [id, body]);
      await db.query('commit');
    } catch (error) {
      await db.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
    await client.workflow.start('minimalCase', {
      taskQueue: config.temporal.taskQueue,
      workflowId: `minimal-${id}`,
      args: [id],
    });
    return id;
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200).end('ok');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/cases') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      create(body).then(
        (id) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id })),
        (error: unknown) => res.writeHead(500).end(error instanceof Error ? error.message : 'error'),
      );
    });
  });
  server.listen(config.http.port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    void Promise.all([pool.end(), connection.close()]).finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error('minimal api failed:', error);
  process.exit(1);
});
