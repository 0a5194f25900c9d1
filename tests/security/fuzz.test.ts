/**
 * Property-based fuzzing of the handler and the HTTP server with malformed and
 * hostile activities: wrong types, huge and odd unicode strings, prototype keys,
 * missing fields, old and forged card payloads, garbage invoke values. Neither may
 * crash, answer 5xx or leak internals, and the next good question is still answered.
 */
import { MemoryStorage } from 'botbuilder';
import type { Activity } from 'botbuilder';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ACTION_VERSION } from '../../bot/cards/card-actions.js';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { BOT, USER, message } from '../bot/helpers/conversation.js';
import { MOSAIC_TENANT, SHARED_TENANT, SOUTHPORT_TENANT, UNKNOWN_TENANT } from '../bot/helpers/fake-knowledge.js';
import { bundled } from '../src/dialogs/bundled.js';
import { botInstance } from '../helpers/bot-instance.js';
import { leaksInternals, repliesOf, startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

/** Cases per property: enough to find the usual shapes of breakage on a 2-core CI. */
const RUNS = 250;

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'action', 'value', 'text', '');
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('\u0000', '\u202e\u202d', '\ud800', '<at>SEND Policy Assistant</at>', '<script>alert(1)</script>', '&amp;&lt;&#39;', '${{7*7}}', '../../etc/passwd', 'help', 'triage', 'cancel', 'change trust'),
  fc.nat({ max: 20_000 }).map((n) => 'ä'.repeat(n)),
);
/** Any JSON-ish value, with hostile keys in its objects. */
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 10 })), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const sectionIds = fc.oneof(fc.constantFrom('southport/policy/3', 'mosaic/policy/2', 'southport/policy/999', 'aspire/x'), hostileString);
/** Card payloads: current, from older card versions, and forged. */
const cardPayload = fc.tuple(fc.oneof(
  fc.record({ action: fc.constantFrom('showSection', 'feedback'), sectionId: sectionIds, helpful: fc.oneof(fc.boolean(), hostileValue) }),
  fc.record({ action: fc.constant('chooseTrust'), trust: fc.constantFrom('southport', 'mosaic', 'aspire', 'nope'), question: fc.option(hostileString, { nil: undefined }) }),
  fc.record({ action: fc.constantFrom('startDialog', 'dialogChoice', 'dialogNav'), dialog: fc.constantFrom('send-or-other', 'next-step', 'induction', 'gone'), step: hostileString, choice: hostileString, nav: fc.constantFrom('next', 'back', 'skip', 'cancel', 'restart', 'sideways') }),
  // Older cards: a different key for the verb, a version field, or the payload as a JSON string.
  fc.record({ verb: fc.constantFrom('showSection', 'feedback'), id: sectionIds, v: fc.constant(1) }),
  fc.constantFrom('{"action":"showSection","sectionId":"southport/policy/3"}', '{"action":'),
  fc.record({ msteams: fc.record({ type: fc.constantFrom('messageBack', 'imBack'), text: hostileString }), action: fc.constant('help') }),
  hostileValue,
), fc.constantFrom<number | undefined>(CARD_ACTION_VERSION, CARD_ACTION_VERSION, 0, undefined)).map(([payload, v]) =>
  // Most carry the current format version, so they get past the version check to the schema and the handler.
  typeof payload === 'object' && payload !== null && !Array.isArray(payload) && v !== undefined ? { ...payload, v } : payload,
);

const tenants = fc.constantFrom<string | undefined>(SOUTHPORT_TENANT, MOSAIC_TENANT, SHARED_TENANT, UNKNOWN_TENANT, undefined, '');
const invokeNames = fc.constantFrom('composeExtension/query', 'composeExtension/selectItem', 'adaptiveCard/action', 'composeExtension/querySettingUrl', 'task/fetch', 'signin/verifyState');
const mentionEntities = fc.array(
  fc.record({ type: fc.constantFrom('mention', 'clientInfo', 'Mention'), text: fc.option(hostileString, { nil: undefined }), mentioned: fc.option(fc.record({ id: fc.constantFrom(BOT.id, 'x'), name: hostileString }), { nil: undefined }) }),
  { maxLength: 3 },
);

const asRecord = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {});

/** Activities with the shapes the HTTP edge lets through (right types for the fields it checks), and hostile everything else. */
const edgeShapedActivity = fc
  .record({
    type: fc.constantFrom('message', 'message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'typing', 'event'),
    name: fc.option(invokeNames, { nil: undefined }),
    text: fc.option(hostileString, { nil: undefined }),
    value: fc.option(fc.oneof(cardPayload, hostileValue), { nil: undefined }),
    tenant: tenants,
    scope: fc.constantFrom<'personal' | 'groupChat' | 'channel'>('personal', 'groupChat', 'channel'),
    entities: mentionEntities,
    action: fc.option(fc.constantFrom('add', 'remove', 'add-upgrade'), { nil: undefined }),
    membersAdded: fc.option(fc.array(fc.record({ id: fc.constantFrom(BOT.id, USER.id, 'x'), name: hostileString }), { maxLength: 2 }), { nil: undefined }),
    channelData: fc.option(fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }), { nil: undefined }),
    aadObjectId: fc.option(hostileString, { nil: undefined }),
  })
  .map(({ type, name, text, value, tenant, scope, entities, action, membersAdded, channelData, aadObjectId }) => {
    const base = message('', { scope, tenant: tenant ?? null, conversationId: `fuzz-${scope}` });
    const activity: Partial<Activity> = {
      ...base,
      type,
      from: { ...USER, ...(aadObjectId !== undefined ? { aadObjectId } : {}) },
      entities,
      channelData: { ...asRecord(base.channelData), ...channelData },
    };
    if (name !== undefined) activity.name = name;
    if (text !== undefined) activity.text = text;
    else delete activity.text;
    if (value !== undefined) activity.value = value;
    if (action !== undefined) activity.action = action;
    if (membersAdded !== undefined) activity.membersAdded = membersAdded;
    return activity;
  });

let catalogue: DialogCatalogue;
beforeAll(async () => {
  ({ catalogue } = await bundled());
});

describe('fuzzing the handler', () => {
  it(`never fails a turn on ${RUNS} hostile activities, and still answers a good question after them`, async () => {
    const instance = botInstance({ storage: new MemoryStorage(), catalogue, maxMessageChars: 1_000 });
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(edgeShapedActivity, async (activity) => {
        ran++;
        const result = await instance.send(activity);
        expect(result.errors).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(ran).toBeGreaterThanOrEqual(RUNS);
    expect(instance.logLines.some((l) => l.includes('"turn failed"'))).toBe(false);
    const good = await instance.send({ ...message('cancel', { conversationId: 'fuzz-personal' }) });
    expect(good.errors).toEqual([]);
    const answer = await instance.send(message('What is the graduated approach?', { conversationId: 'fuzz-personal' }));
    expect(answer.cards).toHaveLength(1);
  });
});

describe('fuzzing the HTTP server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_TENANT_PER_MINUTE: '100000' } });
  });
  afterAll(() => server.close());

  const good = () => ({ ...message('What is the graduated approach?', { conversationId: 'fuzz-good' }), deliveryMode: 'expectReplies' });

  async function expectStillAnswering(): Promise<void> {
    const response = await server.post(good());
    expect(response.status).toBe(200);
    const cards = repliesOf(await response.json()).flatMap((r) => r.attachments ?? []);
    expect(cards).toHaveLength(1);
  }

  /** Whole bodies: activities with any field of any type, bare JSON values, broken JSON text. */
  const body = fc.oneof(
    edgeShapedActivity.map((a) => JSON.stringify({ ...a, deliveryMode: 'expectReplies' })),
    // Invokes answered in the HTTP response itself, whose status is the invoke's.
    fc.tuple(edgeShapedActivity, fc.oneof(invokeNames, fc.string({ maxLength: 30 }))).map(([a, name]) => JSON.stringify({ ...a, type: 'invoke', name })),
    fc
      .tuple(edgeShapedActivity, fc.constantFrom('type', 'from', 'recipient', 'conversation', 'serviceUrl', 'channelId', 'text', 'entities', 'attachments', 'value', 'membersAdded'), hostileValue)
      .map(([a, field, value]) => JSON.stringify({ ...a, deliveryMode: 'expectReplies', [field]: value })),
    hostileValue.map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 300 }),
    edgeShapedActivity.map((a) => JSON.stringify(a).slice(0, -3)),
  );

  it(`answers ${RUNS} hostile bodies without a 5xx or internals, and answers good questions between them`, async () => {
    let ran = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        ran++;
        const response = await server.post(text);
        const responseText = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        expect(leaksInternals(responseText)).toBe(false);
        if (ran % 50 === 0) await expectStillAnswering();
      }),
      { numRuns: RUNS },
    );
    expect(ran).toBeGreaterThanOrEqual(RUNS);
    await expectStillAnswering();
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  });
});
