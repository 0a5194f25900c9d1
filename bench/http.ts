/**
 * HTTP: an answer turn through `POST /api/messages` with `deliveryMode:
 * expectReplies` (the answer card comes back in the response) on the real
 * server process (`bot/main.ts`, dev mode, no authentication), next to a bare
 * restify handler returning the same reply bytes, at 1, 10 and 50 connections,
 * with autocannon, in the same run.
 *
 * Questions rotate over the dev questions and their trusts' tenants, from 500
 * different people. The question limits (`RATE_LIMIT_USER_PER_MINUTE`,
 * `RATE_LIMIT_TENANT_PER_MINUTE`) are raised for the run, so what is measured is
 * the turn, not the limiter refusing it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Config } from '../src/config.js';
import { loadRegistry } from '../src/knowledge/registry.js';
import type { BenchQuestion } from './lib/questions.js';
import { freePort, startBotProcess, startProcess, waitUntilOk } from './lib/server-process.js';
import type { ServerProcess } from './lib/server-process.js';
import { summarise } from './lib/stats.js';
import type { LatencySummary } from './lib/stats.js';
import { ms, ratio } from './lib/table.js';
import type { Table } from './lib/table.js';

/** How to run the HTTP benchmark. */
export interface HttpOptions {
  connections: number[];
  /** Seconds per measurement. */
  durationSeconds: number;
  /** Also measure the bot with the semantic stage on, at these connection counts. */
  semanticConnections: number[];
  onProgress?: (message: string) => void;
}

/** One autocannon run. */
export interface HttpRun {
  target: 'bare restify' | 'bot framework floor' | 'bot, lexical' | 'bot, semantic';
  connections: number;
  latency: LatencySummary;
  requestsPerSecond: number;
  /** Responses other than 2xx, and connection errors or timeouts. */
  failures: number;
  requests: number;
}

/** Results of the HTTP benchmark. */
export interface HttpResult {
  runs: HttpRun[];
  replyBytes: number;
}

/** Question limits for the run: high enough that no turn is refused. */
export const UNLIMITED = '100000000';

const PEOPLE = 500;

/** An expect-replies message activity asking `question` as person `n` of `trust`'s tenant. */
export function answerActivity(question: string, tenantId: string, n: number, id: number): Record<string, unknown> {
  const person = `29:bench-person-${n}`;
  return {
    type: 'message',
    id: `bench-${id}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    deliveryMode: 'expectReplies',
    text: question,
    textFormat: 'plain',
    from: { id: person, name: 'Bench Person', aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` },
    recipient: { id: '28:send-policy-bot', name: 'SEND Policy Assistant' },
    conversation: { id: `a:bench-personal-${n}`, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

async function measure(url: string, bodies: () => string, connections: number, durationSeconds: number): Promise<Omit<HttpRun, 'target'>> {
  const samples: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationSeconds,
        requests: [{ method: 'POST', path: '/api/messages', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: bodies() }) }],
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error('autocannon failed')) : resolve(done)),
    );
    // The response time is the listener's last argument (autocannon also passes the client first).
    instance.on('response', (...args: unknown[]) => {
      const time = args.at(-1);
      if (typeof time === 'number') samples.push(time);
    });
  });
  return {
    connections,
    latency: summarise(samples),
    requestsPerSecond: result.requests.average,
    failures: result.non2xx + result.errors + result.timeouts,
    requests: samples.length,
  };
}

/** Run the HTTP benchmark. */
export async function benchHttp(config: Config, questions: readonly BenchQuestion[], options: HttpOptions): Promise<HttpResult> {
  const progress = options.onProgress ?? (() => undefined);
  const trusts = await loadRegistry(config.knowledge.dir);
  const tenantOf = new Map(trusts.map((t) => [t.id, t.tenantIds[0] ?? '']));
  const asked = questions.filter((q) => tenantOf.get(q.trust));
  let next = 0;
  const bodies = () => {
    const q = asked[next % asked.length];
    next += 1;
    return JSON.stringify(answerActivity(q?.question ?? 'What is the graduated approach?', tenantOf.get(q?.trust ?? '') ?? '', next % PEOPLE, next));
  };

  const work = await mkdtemp(path.join(tmpdir(), 'send-bench-http-'));
  const runs: HttpRun[] = [];
  const started: ServerProcess[] = [];
  try {
    const startBot = async (semantic: boolean): Promise<ServerProcess> => {
      const port = await freePort();
      const server = startBotProcess({
        port,
        indexPath: config.knowledge.indexPath,
        knowledgeDir: config.knowledge.dir,
        semantic,
        logLevel: 'info',
        env: { RATE_LIMIT_USER_PER_MINUTE: UNLIMITED, RATE_LIMIT_TENANT_PER_MINUTE: UNLIMITED },
      });
      started.push(server);
      await waitUntilOk(`${server.url}/readyz`, server, performance.now(), { timeoutMs: 600_000, intervalMs: 50 });
      return server;
    };

    progress('http: starting the bot (lexical)');
    const bot = await startBot(false);
    // One real reply, to check the turn works and to give the bare server the same bytes to send.
    const probe = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies() });
    const reply = await probe.text();
    if (probe.status !== 200 || !reply.includes('application/vnd.microsoft.card.adaptive')) {
      throw new Error(`http: the bot did not answer with a card (${probe.status}): ${reply.slice(0, 300)}`);
    }
    const replyFile = path.join(work, 'reply.json');
    await writeFile(replyFile, reply);
    const barePort = await freePort();
    const bare = startProcess({ args: ['bench/bare-server.ts', String(barePort), replyFile], port: barePort, env: {} });
    started.push(bare);
    await waitUntilOk(`${bare.url}/readyz`, bare, performance.now(), { timeoutMs: 60_000 });

    const floorPort = await freePort();
    const floor = startProcess({
      args: ['bench/floor-server.ts', replyFile],
      port: floorPort,
      env: { PORT: String(floorPort), NODE_ENV: 'development', LOG_LEVEL: 'info', RATE_LIMIT_USER_PER_MINUTE: UNLIMITED, RATE_LIMIT_TENANT_PER_MINUTE: UNLIMITED },
    });
    started.push(floor);
    await waitUntilOk(`${floor.url}/readyz`, floor, performance.now(), { timeoutMs: 120_000 });

    progress('http: warming up the servers');
    await measure(bare.url, bodies, 10, 2);
    await measure(floor.url, bodies, 10, 2);
    await measure(bot.url, bodies, 10, 3);
    const targets: [HttpRun['target'], ServerProcess][] = [
      ['bare restify', bare],
      ['bot framework floor', floor],
      ['bot, lexical', bot],
    ];
    for (const [i, connections] of options.connections.entries()) {
      // Rotate which goes first, so none always runs on a machine just warmed (or just loaded) by another.
      const order = [...targets.slice(i % targets.length), ...targets.slice(0, i % targets.length)];
      for (const [target, server] of order) {
        progress(`http: ${target}, ${connections} connections, ${options.durationSeconds} s`);
        runs.push({ target, ...(await measure(server.url, bodies, connections, options.durationSeconds)) });
      }
    }
    await bot.stop();
    if (options.semanticConnections.length > 0) {
      progress('http: starting the bot (semantic stage on)');
      const semanticBot = await startBot(true);
      await measure(semanticBot.url, bodies, 10, 3);
      for (const connections of options.semanticConnections) {
        progress(`http: bot, semantic, ${connections} connections, ${options.durationSeconds} s`);
        runs.push({ target: 'bot, semantic', ...(await measure(semanticBot.url, bodies, connections, options.durationSeconds)) });
      }
      await semanticBot.stop();
    }
    return { runs, replyBytes: Buffer.byteLength(reply) };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    await rm(work, { recursive: true, force: true });
  }
}

/** The HTTP table: each run, and the bot's throughput as a share of the bare handler's. */
export function httpTable(result: HttpResult): Table {
  const bare = new Map(result.runs.filter((r) => r.target === 'bare restify').map((r) => [r.connections, r]));
  const sorted = [...result.runs].sort((a, b) => a.connections - b.connections || a.target.localeCompare(b.target));
  return {
    title: `HTTP: an answer turn through POST /api/messages (expectReplies, ${result.replyBytes} bytes back) vs a bare restify handler and a Bot Framework turn sending the same card`,
    columns: ['target', 'connections', 'requests', 'failed', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'req/s vs bare'],
    rows: sorted.map((r) => {
      const base = bare.get(r.connections);
      return [r.target, r.connections, r.requests, r.failures, ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.p99), r.requestsPerSecond.toFixed(0), base ? ratio(r.requestsPerSecond / base.requestsPerSecond) : 'n/a'];
    }),
    notes: [
      'Server and load generator share the machine (2 cores): the bot process, the bare process and autocannon all compete for them alike.',
      `The bot runs as its own process (bot/main.ts, dev mode, memory state, LOG_LEVEL=info with its log discarded) with RATE_LIMIT_USER_PER_MINUTE and RATE_LIMIT_TENANT_PER_MINUTE set to ${UNLIMITED}, so no turn is refused; questions rotate over the dev set, their trusts' tenants and ${PEOPLE} people.`,
      'The bare server parses the JSON body and returns a fixed reply of the same size as a real answer reply.',
      'The Bot Framework floor is the bot\'s own server, edge checks and adapter (bench/floor-server.ts) with a turn that only sends that same card: no state, dialogs or retrieval. It is what any Bot Framework turn costs here.',
    ],
  };
}
