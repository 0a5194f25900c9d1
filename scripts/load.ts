/**
 * `npm run load [-- --duration 30 --connections 50]`: start the server in dev mode
 * in this process with the real knowledge, then drive `POST /api/messages` with
 * autocannon using `deliveryMode: expectReplies`, so every answer comes back in the
 * HTTP response and can be checked. Questions rotate over the trusts' tenants and
 * over many people (the per-person question limit is raised for the run, so what
 * is measured is answering, not the limiter).
 *
 * Prints errors, lost or empty replies (a 200 without an Adaptive Card), p50/p95/p99
 * latency and resident memory before and after; exits 1 if any request failed or
 * any reply had no card.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { z } from 'zod';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../bot/cards/card-parts.js';
import { createLogger } from '../bot/logger.js';
import { main } from '../bot/main.js';
import { loadConfig } from '../src/config.js';
import { loadRegistry } from '../src/knowledge/registry.js';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
  },
});
const duration = z.coerce.number().int().positive().parse(options.duration);
const connections = z.coerce.number().int().positive().parse(options.connections);

const questions = [
  'What is the graduated approach?',
  'Who is the SENDCo and what do they do?',
  'How do I request an EHC needs assessment?',
  'What happens at an annual review?',
  'How are parents involved in decisions about SEN support?',
  'What should I do if I think a pupil has special educational needs?',
  'How is the SEND information report published?',
  'What does assess, plan, do, review mean?',
];

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function run(): Promise<number> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MicrosoftAppId: undefined,
    MicrosoftAppPassword: undefined,
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_TENANT_PER_MINUTE: '1000000',
  });
  const logger = createLogger(config.log);
  const started = await main(config, logger);
  await started.ready;
  const trusts = await loadRegistry(config.knowledge.dir);
  const tenants = trusts.flatMap((t) => (t.tenantIds.length > 0 ? [t.tenantIds[0] ?? ''] : [])).filter((id) => id !== '');

  let sent = 0;
  const nextBody = (): string => {
    const n = sent++;
    const tenant = tenants[n % tenants.length] ?? '';
    const user = `load-user-${n % 500}`;
    return JSON.stringify({
      type: 'message',
      id: `load-${n}`,
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/uk/',
      deliveryMode: 'expectReplies',
      text: questions[n % questions.length],
      from: { id: `29:${user}`, aadObjectId: `00000000-0000-4000-8000-${String(n % 500).padStart(12, '0')}`, name: 'Load Test' },
      recipient: { id: '28:send-policy-bot', name: 'SEND Policy Assistant' },
      conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: tenant },
      channelData: { tenant: { id: tenant } },
    });
  };

  const replies = z.object({ activities: z.array(z.looseObject({ attachments: z.array(z.looseObject({ contentType: z.string() })).optional() })) });
  let withCard = 0;
  let lost = 0;
  const latencies: number[] = [];

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  process.stdout.write(`load: ${connections} connections for ${duration} s against ${started.server.url}/api/messages (semantic search ${config.knowledge.semantic ? 'on' : 'off'})\n`);
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url: `${started.server.url}/api/messages`,
    connections,
    duration,
    timeout: Math.ceil(config.server.requestTimeoutMs / 1000) + 5,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: nextBody() }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          let parsed: z.infer<typeof replies> | undefined;
          try {
            const result = replies.safeParse(JSON.parse(body));
            parsed = result.success ? result.data : undefined;
          } catch {
            parsed = undefined;
          }
          const card = parsed?.activities.some((a) => (a.attachments ?? []).some((x) => x.contentType === ADAPTIVE_CARD_CONTENT_TYPE));
          if (card) withCard++;
          else lost++;
        },
      },
    ],
  }, (error, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await done;
  const rssAfter = process.memoryUsage().rss;
  await started.server.close();
  // With --expose-gc, the heap still held after a collection tells retention from lazy growth.
  global.gc?.();
  const heapAfterGc = global.gc ? process.memoryUsage().heapUsed : undefined;

  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const non2xx = result.non2xx;
  const errors = result.errors + result.timeouts + non2xx;
  const lines = [
    `requests:        ${result.requests.total} in ${duration} s (${Math.round(result.requests.total / duration)}/s)`,
    `errors:          ${errors} (connection ${result.errors}, timeouts ${result.timeouts}, non-2xx ${non2xx})`,
    `replies checked: ${withCard + lost}, with an answer card ${withCard}, lost or empty ${lost}`,
    `latency:         p50 ${percentile(50).toFixed(0)} ms, p95 ${percentile(95).toFixed(0)} ms, p99 ${percentile(99).toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`,
    `rss:             ${mb(rssBefore)} MB before, ${mb(rssAfter)} MB after${heapAfterGc === undefined ? '' : ` (heap after a full GC: ${mb(heapAfterGc)} MB, before: ${mb(heapBefore)} MB)`}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return errors === 0 && lost === 0 && withCard > 0 ? 0 : 1;
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
