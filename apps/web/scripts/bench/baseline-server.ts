/**
 * Target A of `pnpm bench`: bare node:http + pg running exactly the SQL the app ran for one request (read
 * from the app's own query log, SALESOS_SQL_LOG) and answering the app's bytes. What B costs beyond this
 * is the cost of our stack, not of the query count. Run by main.ts with BASELINE_FILE and DATABASE_URL.
 */
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import pg from "pg";

export interface BaselineScript {
  statements: { query: string; params: unknown[] }[];
  body: string;
  contentType: string;
}

const workers = Number(process.env.WORKERS ?? "1");
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const script = JSON.parse(readFileSync(process.env.BASELINE_FILE!, "utf8")) as BaselineScript;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const body = Buffer.from(script.body);
  createServer((req, res) => {
    void (async () => {
      // As the app does: no credentials, no work.
      if (!req.headers.authorization) {
        res.writeHead(401).end();
        return;
      }
      try {
        // Prepared once per connection, as the app's hot reads are (fast-read.ts).
        for (const [i, statement] of script.statements.entries())
          await pool.query({ name: `s${i}`, text: statement.query, values: statement.params });
        res.writeHead(200, {
          "content-type": script.contentType,
          "content-length": body.length,
        });
        res.end(body);
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    })();
  }).listen(Number(process.env.PORT), "127.0.0.1");
}
