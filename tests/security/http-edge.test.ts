/**
 * The HTTP edge: every bad request gets a 4xx with a plain `{ "error" }` body,
 * nothing a client receives carries a stack, a path or a parser's message, and the
 * limits on size, length, rate and time answer in words.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonBody } from '../../bot/http-limits.js';
import { replies } from '../../bot/send-policy-bot.js';
import { cardsOf, message, textsOf } from '../bot/helpers/conversation.js';
import { fakeKnowledge } from '../bot/helpers/fake-knowledge.js';
import { leaksInternals, repliesOf, startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

const expectReplies = (text: string, from?: { id: string; aadObjectId: string }) => ({
  ...message(text, from ? { from: { ...from, name: 'Test' } } : {}),
  deliveryMode: 'expectReplies',
});

async function refusal(response: Response): Promise<[number, unknown]> {
  const text = await response.text();
  expect(leaksInternals(text)).toBe(false);
  return [response.status, JSON.parse(text)];
}

/** POST a body in chunks without a Content-Length (chunked transfer), as a client streaming a huge body would. */
function postChunked(url: string, chunks: number, chunkBytes: number): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve([res.statusCode ?? 0, body]));
    });
    req.on('error', reject);
    const chunk = 'x'.repeat(chunkBytes);
    let sent = 0;
    const pump = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe('the HTTP edge in dev mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_BODY_BYTES: '65536', MAX_MESSAGE_CHARS: '200', RATE_LIMIT_USER_PER_MINUTE: '3' } });
  });
  afterAll(() => server.close());

  it('answers malformed JSON with 400 and no parser detail', async () => {
    expect(await refusal(await server.post('{"type": "message", '))).toEqual([400, { error: 'The request body is not valid JSON.' }]);
  });

  it('answers another content type with 415', async () => {
    const body = JSON.stringify(expectReplies('hello'));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
      expect(await refusal(await server.post(body, { 'content-type': type }))).toEqual([415, { error: 'Send the activity as JSON with Content-Type: application/json.' }]);
    }
  });

  it('refuses compressed bodies, whose size cannot be judged before inflating them', async () => {
    const [status] = await refusal(await server.post('{}', { 'content-encoding': 'gzip' }));
    expect(status).toBe(415);
  });

  it('answers a body over the limit with 413, whether declared or streamed', async () => {
    const declared = await server.post({ ...expectReplies('x'), text: 'x'.repeat(70_000) });
    expect(await refusal(declared)).toEqual([413, { error: 'The request body is larger than 65536 bytes.' }]);
    const [status, body] = await postChunked(server.url, 400, 16_384);
    expect(status).toBe(413);
    expect(leaksInternals(body)).toBe(false);
  });

  it('answers absurdly nested JSON with 400', async () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 5)}${']'.repeat(MAX_JSON_DEPTH + 5)}`;
    expect(await refusal(await server.post(deep))).toEqual([400, { error: `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.` }]);
  });

  it('answers an activity missing what the bot relies on, or with the wrong types, with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [[1, 2], 'activity body'],
      [{ type: 'message' }, 'activity serviceUrl'],
      [{ ...expectReplies('hi'), text: 42 }, 'activity text'],
      [{ ...expectReplies('hi'), entities: 'mention' }, 'activity entities'],
      [{ ...expectReplies('hi'), conversation: { id: 'a', tenantId: 7 } }, 'activity conversation.tenantId'],
    ];
    for (const [body, field] of cases) {
      const [status, json] = await refusal(await server.post(body));
      expect(status).toBe(400);
      expect(JSON.stringify(json)).toContain(field);
    }
  });

  it('drops prototype keys from bodies, so they reach no object', async () => {
    const body = `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${JSON.stringify(expectReplies('What is the graduated approach?')).slice(1)}`;
    const response = await server.post(body);
    expect(response.status).toBe(200);
    expect(cardsOf(repliesOf(await response.json()))).toHaveLength(1);
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    const parsed = parseJsonBody('{"a":{"__proto__":{"x":1},"b":2},"list":[{"constructor":1,"k":[{"prototype":2,"v":3}]}]}');
    expect(parsed).toEqual({ ok: true, value: { a: { b: 2 }, list: [{ k: [{ v: 3 }] }] } });
    const a: unknown = parsed.ok ? Reflect.get(Object(parsed.value), 'a') : undefined;
    expect(Object.getOwnPropertyNames(a)).toEqual(['b']);
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
  });

  it('answers unknown paths and methods with plain 404 and 405', async () => {
    const [status, body] = await refusal(await fetch(`${server.url}/api/../etc/passwd`));
    expect(status).toBe(404);
    expect(Object.keys(body ?? {})).toEqual(['error']);
    expect(await refusal(await fetch(`${server.url}/api/messages`))).toEqual([405, { error: 'GET is not allowed' }]);
  });

  it('answers invokes the app does not handle, or with malformed values, with 400 rather than 5xx', async () => {
    const invoke = (name: string, value: unknown) => server.post({ ...message(''), type: 'invoke', name, value });
    expect(await refusal(await invoke('task/fetch', {}))).toEqual([400, { error: 'This app does not handle "task/fetch" invokes.' }]);
    const [status, body] = await refusal(await invoke('adaptiveCard/action', { action: 7 }));
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('The adaptiveCard/action value is not valid.');
  });

  it('asks politely for a shorter message when a question is too long', async () => {
    const response = await server.post(expectReplies(`What does the policy say about ${'reading support '.repeat(20)}?`));
    expect(response.status).toBe(200);
    expect(textsOf(repliesOf(await response.json()))).toEqual([replies.tooLong(200)]);
  });

  it('asks a person to slow down past their question limit, then refuses floods at the edge with 429', async () => {
    const person = { id: '29:fast-asker', aadObjectId: '00000000-0000-4000-8000-0000000000fa' };
    const statuses: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 14; i++) {
      const response = await server.post(expectReplies('What is the graduated approach?', person));
      statuses.push(response.status);
      if (response.status === 200) texts.push(...textsOf(repliesOf(await response.json())));
      else expect(await refusal(response)).toEqual([429, { error: 'Too many requests. Wait a minute and try again.' }]);
    }
    // 3 questions answered, the next 9 get the polite reply, then the edge refuses (4 × 3 = 12 a minute).
    expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    expect(statuses.slice(12)).toEqual([429, 429]);
    expect(texts.filter((t) => t === replies.slowDown)).toHaveLength(9);
    // Someone else is still answered.
    const other = await server.post(expectReplies('What is the graduated approach?'));
    expect(cardsOf(repliesOf(await other.json()))).toHaveLength(1);
  });
});

describe('failures inside a turn', () => {
  it('answer with an apology and a reference, never the error, when the answering core throws', async () => {
    const server = await startTestServer({ knowledge: fakeKnowledge({ failWith: new Error('ENOENT /srv/app/build/index.json at readArtifact (artifact.ts:42)') }) });
    try {
      const response = await server.post(expectReplies('What is the graduated approach?'));
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(leaksInternals(text)).toBe(false);
      expect(text).not.toContain('ENOENT');
      expect(textsOf(repliesOf(JSON.parse(text)))[0]).toMatch(/^Sorry, something went wrong on my side\..*reference: [0-9A-F]{4}-[0-9A-F]{4}$/);
    } finally {
      await server.close();
    }
  });

  it('answer 500 with only a reference when a turn fails with no error handler to apologise', async () => {
    const server = await startTestServer({
      turnErrors: false,
      handler: { run: () => Promise.reject(new Error('/srv/app/bot/secret.ts:12 exploded')) },
    });
    try {
      const response = await server.post(expectReplies('hi'));
      const text = await response.text();
      expect(leaksInternals(text)).toBe(false);
      expect(response.status).toBe(500);
      expect(text).toMatch(/^\{"error":"Internal error","reference":"[0-9A-F]{4}-[0-9A-F]{4}"\}$/);
      expect(server.logLines.some((l) => l.includes('exploded'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('answer 503 with Retry-After when a turn outlasts the request timeout', async () => {
    const server = await startTestServer({
      env: { REQUEST_TIMEOUT_MS: '300' },
      handler: { run: () => new Promise<void>((resolve) => setTimeout(resolve, 2_000)) },
    });
    try {
      const response = await server.post(expectReplies('hello'));
      expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5']);
      expect(await response.json()).toEqual({ error: 'The request took too long. Try again shortly.' });
      expect(server.logLines.some((l) => l.includes('"event":"turn-timeout"'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
