/**
 * The HTTP edge's limits: what a request body may be (JSON, not compressed, at
 * most `maxBodyBytes`, not nested absurdly deep, no prototype keys), how long a
 * request may take, and error bodies that never carry a stack, a path or a
 * parser's message. Every refusal is a 4xx with `{ "error": "<plain words>" }`.
 */
import type { IncomingMessage } from 'node:http';
import type { Next, Request, Response, Server } from 'restify';
import type { Config } from '../src/config.js';

/** Deepest nesting of objects and arrays accepted in a body; activities need fewer than 20 levels. */
export const MAX_JSON_DEPTH = 64;

/** Keys dropped from every parsed body: they could reach an object's prototype in a later merge. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The refusals the edge sends, in words a caller can act on. */
export const edgeErrors = {
  notJson: 'Send the activity as JSON with Content-Type: application/json.',
  encoded: 'Compressed request bodies are not accepted.',
  tooLarge: (max: number) => `The request body is larger than ${max} bytes.`,
  badJson: 'The request body is not valid JSON.',
  tooDeep: `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
  timeout: 'The request took too long. Try again shortly.',
  internal: 'Internal error',
} as const;

/**
 * Remove prototype keys from `value` at every depth, in place, and say how
 * deep it nests, stopping once past `limit`. Iterative, so a hostile body
 * cannot overflow the stack while being walked.
 */
function cleanAndMeasure(value: unknown, limit: number): number {
  let deepest = 0;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop() ?? 0;
    if (current === null || typeof current !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (Array.isArray(current)) {
      for (const child of current) {
        values.push(child);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key of Object.keys(current)) {
      if (PROTOTYPE_KEYS.has(key)) {
        Reflect.deleteProperty(current, key);
        continue;
      }
      values.push(Reflect.get(current, key));
      depths.push(depth + 1);
    }
  }
  return deepest;
}

/** Parse a JSON body, dropping prototype keys at every depth; undefined when it is not JSON. */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let value: unknown;
  try {
    // Without a reviver, so the parser's fast path applies; a "__proto__" key parses as an own property, removed below.
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: edgeErrors.badJson };
  }
  if (cleanAndMeasure(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { ok: false, error: edgeErrors.tooDeep };
  return { ok: true, value };
}

function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type));
}

/** Send a refusal and stop reading the request: the connection closes after the reply. */
function refuse(req: IncomingMessage, res: Response, status: number, error: string): void {
  res.header('Connection', 'close');
  res.send(status, { error });
  req.unpipe();
  req.resume();
}

/**
 * Restify handler that reads a POST body as JSON into `req.body`: 415 for another
 * content type or a compressed body, 413 past `maxBodyBytes` (as soon as the
 * declared or received length passes it), 400 for bad or too deeply nested JSON.
 */
export function jsonBodyReader(maxBodyBytes: number) {
  return (req: Request, res: Response, next: Next): void => {
    if (req.method !== 'POST') {
      next();
      return;
    }
    if (!isJsonContentType(req.header('content-type'))) {
      refuse(req, res, 415, edgeErrors.notJson);
      next(false);
      return;
    }
    const encoding = req.header('content-encoding');
    if (encoding && encoding.toLowerCase() !== 'identity') {
      refuse(req, res, 415, edgeErrors.encoded);
      next(false);
      return;
    }
    const declared = Number(req.header('content-length'));
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      refuse(req, res, 413, edgeErrors.tooLarge(maxBodyBytes));
      next(false);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (outcome: { status: number; error: string } | { body: unknown }) => {
      if (settled) return;
      settled = true;
      req.removeListener('data', onData);
      if ('error' in outcome) {
        refuse(req, res, outcome.status, outcome.error);
        next(false);
        return;
      }
      req.body = outcome.body;
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBodyBytes) finish({ status: 413, error: edgeErrors.tooLarge(maxBodyBytes) });
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      const parsed = parseJsonBody(Buffer.concat(chunks).toString('utf8'));
      finish(parsed.ok ? { body: parsed.value } : { status: 400, error: parsed.error });
    });
    req.once('error', () => {
      settled = true;
    });
  };
}

/**
 * Replace the body of every error restify sends itself (404, 405, a handler that
 * threw) with `{ "error": "<message>" }`; a 5xx never says more than "Internal error".
 */
export function plainErrorBodies(server: Server): void {
  server.on('restifyError', (_req: Request, _res: Response, err: { statusCode?: number; message?: string; toJSON?: () => unknown }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const message = status >= 500 || !err.message ? edgeErrors.internal : err.message;
    err.toJSON = () => ({ error: message });
    callback();
  });
}

/**
 * Apply the edge's limits to a restify server: the JSON body reader, plain error
 * bodies, and Node's timeouts for receiving a request (`requestTimeoutMs` for the
 * whole request; headers must arrive within it too).
 */
export function applyHttpLimits(server: Server, limits: Config['server']): void {
  server.server.requestTimeout = limits.requestTimeoutMs;
  server.server.headersTimeout = Math.min(limits.requestTimeoutMs, 60_000);
  server.use(jsonBodyReader(limits.maxBodyBytes));
  plainErrorBodies(server);
}

/** Raised when a turn did not finish within the request timeout. */
export class TurnTimeoutError extends Error {
  override readonly name = 'TurnTimeoutError';
}

/** Settle with `work`, or reject with {@link TurnTimeoutError} after `ms` (the work is not cancelled). */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TurnTimeoutError(`no response within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
