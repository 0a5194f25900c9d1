/**
 * What people type never reaches logs or storage: a unique marker is typed
 * through every path (answer, guided dialog, message extension search, error
 * path, stale card, rate-limited, too long, trust choice) with logs at trace level,
 * over memory storage and over Blob storage (Azurite), and is then looked for in
 * every log line and every stored item. Stored state holds only ids, the trust
 * choice and dialog positions.
 */
import { randomUUID } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { MemoryStorage } from 'botbuilder';
import type { Activity, Storage, StoreItems } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionData } from '../../bot/cards/card-actions.js';
import { createLogger } from '../../bot/logger.js';
import { createStorage } from '../../bot/storage.js';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { buttonData } from '../bot/dialogs/dialog-harness.js';
import { message, submit } from '../bot/helpers/conversation.js';
import { SHARED_TENANT, fakeKnowledge } from '../bot/helpers/fake-knowledge.js';
import { bundled } from '../src/dialogs/bundled.js';
import { startAzurite } from '../helpers/azurite.js';
import type { Azurite } from '../helpers/azurite.js';
import { botInstance } from '../helpers/bot-instance.js';

/** Memory storage that keeps every write, to look through what was ever stored. */
class KeepingStorage extends MemoryStorage {
  readonly writes: string[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.stringify(changes));
    return super.write(changes);
  }
}

/** Properties state may hold: welcome sent, the trust choice, and guided dialog positions. */
const ALLOWED_STATE_PROPERTIES = new Set(['eTag', 'welcomed', 'trustChoice', 'guidedDialogState', 'guidedDialogProgress']);

let catalogue: DialogCatalogue;
let azurite: Azurite;
beforeAll(async () => {
  [azurite, { catalogue }] = await Promise.all([startAzurite(), bundled()]);
});
afterAll(async () => {
  await azurite?.dispose();
});

/** Type the marker through every path the bot has; returns what the bot logged. */
async function typeEverywhere(storage: Storage, marker: string): Promise<string[]> {
  const logLines: string[] = [];
  const where = { conversationId: `a:privacy-${randomUUID()}` };
  const bot = botInstance({ storage, catalogue, logLines, userPerMinute: 3, maxMessageChars: 300 });
  const failing = botInstance({ storage, catalogue, logLines, knowledge: fakeKnowledge({ failWith: new Error(`answering failed for ${marker}`) }) });
  const shared = { conversationId: `a:privacy-shared-${randomUUID()}`, tenant: SHARED_TENANT };
  const asked = (text: string) => message(`${text} ${marker}`, where);
  const sent: Partial<Activity>[] = [
    // An answer, and one the policy does not cover.
    asked('What is the graduated approach for pupils with SEND?'),
    asked('zebra crossings'),
    // Too long.
    message(`${marker} ${'please read this long note about the pupil '.repeat(10)}`, where),
    // Message extension search and a picked result.
    { ...message('', where), type: 'invoke', name: 'composeExtension/query', value: { commandId: 'searchPolicy', parameters: [{ name: 'query', value: `EHCP ${marker}` }] } },
    { ...message('', where), type: 'invoke', name: 'composeExtension/selectItem', value: { sectionId: marker } },
    // Stale and forged card payloads carrying the marker in every field.
    submit(actionData({ action: 'showSection', sectionId: marker }), where),
    submit(actionData({ action: 'feedback', sectionId: `southport/policy/3${marker}`, helpful: true }), where),
    submit(actionData({ action: 'dialogChoice', dialog: 'send-or-other', step: marker, choice: marker }), where),
    submit({ action: 'showSection', sectionId: marker, v: 0 }, where),
    submit({ verb: 'old-card', note: marker, input: { pupil: marker } }, where),
    { ...message('', where), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: marker, data: { note: marker } } } },
    // A trust choice carrying the question it was asked with.
    { ...message(`Who is the SENDCo? ${marker}`, shared) },
    submit(actionData({ action: 'chooseTrust', trust: 'southport', question: `Who is the SENDCo? ${marker}` }), shared),
  ];
  for (const activity of sent) await bot.send(activity);

  // A guided dialog, with the marker typed as an answer to a step.
  const started = await bot.send(message('triage', where));
  const [card] = started.cards;
  if (!card) throw new Error('the dialog did not start');
  await bot.send(message(`it is ${marker}`, where));
  await bot.send(submit(buttonData(card, 'None of these, or not sure'), where));
  await bot.send(message('cancel', where));

  // The error path, then the rate limit (3 a minute for this instance).
  await failing.send(asked('What is the graduated approach?'));
  for (let i = 0; i < 4; i++) await bot.send(asked('How do I request an EHC needs assessment?'));
  return logLines;
}

function expectAllowedShapes(items: unknown[]): void {
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    for (const key of Object.keys(item)) {
      if (key === 'helpful' || key === 'notHelpful') continue;
      expect(ALLOWED_STATE_PROPERTIES.has(key), `stored property ${key}`).toBe(true);
    }
  }
}

describe('privacy of what people type', () => {
  it('keeps the marker out of every trace-level log line and every item written to memory storage', async () => {
    const marker = `MARKER-${randomUUID()}`;
    const storage = new KeepingStorage();
    const logLines = await typeEverywhere(storage, marker);
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.filter((l) => l.includes(marker))).toEqual([]);
    expect(storage.writes.length).toBeGreaterThan(0);
    expect(storage.writes.filter((w) => w.includes(marker))).toEqual([]);
    expectAllowedShapes(storage.writes.flatMap((w) => Object.values(JSON.parse(w) as Record<string, unknown>)));
  });

  it('keeps the marker out of every blob in Azure Blob storage, which holds only ids, the trust choice and dialog positions', async () => {
    const marker = `MARKER-${randomUUID()}`;
    const container = `privacy-${Date.now()}`;
    const logger = createLogger({ level: 'silent', messageText: false });
    const storage = createStorage({ kind: 'blob', container, connectionString: azurite.connectionString }, { env: 'production', logger });
    const logLines = await typeEverywhere(storage, marker);
    expect(logLines.filter((l) => l.includes(marker))).toEqual([]);

    const client = new ContainerClient(azurite.connectionString, container);
    const blobs: { name: string; content: string }[] = [];
    for await (const blob of client.listBlobsFlat()) {
      const content = (await client.getBlobClient(blob.name).downloadToBuffer()).toString('utf8');
      blobs.push({ name: decodeURIComponent(blob.name), content });
    }
    expect(blobs.map((b) => b.name.split('/')[1])).toEqual(expect.arrayContaining(['conversations', 'users']));
    expect(blobs.filter((b) => b.name.includes(marker) || b.content.includes(marker))).toEqual([]);
    expectAllowedShapes(blobs.map((b) => JSON.parse(b.content) as unknown));
    const userState = blobs.find((b) => b.name.includes('/users/') && b.content.includes('trustChoice'));
    expect(JSON.parse(userState?.content ?? '{}')).toMatchObject({ trustChoice: { trust: 'southport' } });
  });

  it('writes question text to logs only when the operator opts in', () => {
    const marker = `MARKER-${randomUUID()}`;
    const lines: string[] = [];
    const optedIn = createLogger({ level: 'trace', messageText: true }, { write: (line: string) => void lines.push(line) });
    optedIn.info({ text: marker }, 'question');
    const redacted: string[] = [];
    createLogger({ level: 'trace', messageText: false }, { write: (line: string) => void redacted.push(line) }).info({ text: marker, activity: { value: { note: marker } } }, 'question');
    expect(lines.join('')).toContain(marker);
    expect(redacted.join('')).not.toContain(marker);
  });
});
