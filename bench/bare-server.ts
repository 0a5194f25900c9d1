/**
 * The HTTP benchmark's baseline: a bare restify server whose `POST /api/messages`
 * parses the JSON body and returns a fixed JSON reply (a real answer turn's reply,
 * so both send the same bytes). `node --import tsx bench/bare-server.ts PORT REPLY_FILE`.
 */
import { readFileSync } from 'node:fs';
import restify from 'restify';
import type { Next, Request, Response } from 'restify';

const [portArg, replyFile] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port <= 0 || !replyFile) {
  process.stderr.write('usage: bare-server.ts PORT REPLY_FILE\n');
  process.exit(2);
}
const reply: unknown = JSON.parse(readFileSync(replyFile, 'utf8'));

const server = restify.createServer({ name: 'bare' });
server.use(restify.plugins.jsonBodyParser());
server.get('/readyz', (_req: Request, res: Response, next: Next) => {
  res.send(200, { status: 'ready' });
  next();
});
server.post('/api/messages', (_req: Request, res: Response, next: Next) => {
  res.send(200, reply);
  next();
});
server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
});
