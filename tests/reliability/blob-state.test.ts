/**
 * State in Azure Blob Storage (Azurite, started once for this file): a guided
 * dialog moves between instances, concurrent turns on one conversation lose
 * nothing, and an outage is told to the person and survived.
 */
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStore } from '../../bot/feedback.js';
import { createLogger } from '../../bot/logger.js';
import { StateStorage } from '../../bot/state-storage.js';
import { createStorage } from '../../bot/storage.js';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { installed, message, submit } from '../bot/helpers/conversation.js';
import type { SentCard } from '../bot/helpers/conversation.js';
import { buttonData, cardTitle } from '../bot/dialogs/dialog-harness.js';
import { bundled } from '../src/dialogs/bundled.js';
import { startAzurite } from '../helpers/azurite.js';
import type { Azurite } from '../helpers/azurite.js';
import { botInstance } from '../helpers/bot-instance.js';
import type { TurnResult } from '../helpers/bot-instance.js';

let azurite: Azurite;
let catalogue: DialogCatalogue;
let containers = 0;
const logLines: string[] = [];
const logger = createLogger({ level: 'trace', messageText: false }, { write: (line: string) => void logLines.push(line) });

beforeAll(async () => {
  [azurite, { catalogue }] = await Promise.all([startAzurite(), bundled()]);
});
afterAll(async () => {
  await azurite?.dispose();
});

/** A fresh container, and a storage factory over it as production builds it (one per instance). */
function blobContainer() {
  const container = `state-${++containers}-${Date.now()}`;
  return () => createStorage({ kind: 'blob', container, connectionString: azurite.connectionString }, { env: 'production', logger });
}

function only(result: TurnResult): SentCard {
  expect(result.errors).toEqual([]);
  expect(result.cards).toHaveLength(1);
  const [card] = result.cards;
  if (!card) throw new Error('no card');
  return card;
}

/** A conversation of its own, so tests do not share state. */
let conversations = 0;
const where = () => ({ conversationId: `a:reliability-${++conversations}` });

describe('guided dialogs across instances', () => {
  it('continues on a second instance a dialog started on the first, from the shared Blob storage', async () => {
    // The path on one instance, over memory, is what both instances must produce together.
    const solo = botInstance({ storage: new MemoryStorage(), catalogue });
    const at = where();
    const soloFirst = only(await solo.send(message('triage', at)));
    const soloSecond = only(await solo.send(submit(buttonData(soloFirst, 'None of these, or not sure'), at)));
    const soloThird = only(await solo.send(submit(buttonData(soloSecond, 'Cognition and learning'), at)));

    const storage = blobContainer();
    const first = botInstance({ storage: storage(), catalogue });
    const second = botInstance({ storage: storage(), catalogue });
    const conversation = where();
    const started = only(await first.send(message('triage', conversation)));
    expect(cardTitle(started)).toBe(cardTitle(soloFirst));
    const continued = only(await second.send(submit(buttonData(started, 'None of these, or not sure'), conversation)));
    expect(cardTitle(continued)).toBe(cardTitle(soloSecond));
    const back = only(await first.send(submit(buttonData(continued, 'Cognition and learning'), conversation)));
    expect(cardTitle(back)).toBe(cardTitle(soloThird));
  });
});

describe('concurrent writes to one conversation', () => {
  /** Two instances' turns on one conversation that both read the same version before either saves. */
  async function racingTurns(storage: () => Storage, conversationId: string) {
    let arrived = 0;
    let release = () => undefined as void;
    const bothLoaded = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = async (property: string, value: unknown) => {
      const state = new ConversationState(storage());
      const adapter = new TestAdapter(async (context) => {
        await state.load(context);
        if (++arrived === 2) release();
        await bothLoaded;
        await state.createProperty<unknown>(property).set(context, value);
        await state.saveChanges(context);
      });
      await adapter.processActivity(message('hello', { conversationId }));
    };
    await Promise.all([turn('welcomed', true), turn('guidedDialogState', { step: 'factor' })]);
    const key = `msteams/conversations/${conversationId}`;
    const stored: unknown = (await storage().read([key]))[key];
    return stored;
  }

  it('shows the problem: over plain Blob storage botbuilder saves blindly, and one of two concurrent turns loses its change', async () => {
    const container = `raw-${Date.now()}`;
    const { conversationId } = where();
    const stored = await racingTurns(() => new BlobsStorage(azurite.connectionString, container), conversationId);
    const kept = ['welcomed', 'guidedDialogState'].filter((p) => typeof stored === 'object' && stored !== null && p in stored);
    expect(kept).toHaveLength(1);
  });

  it('merges them: the loser re-reads and re-applies only what its turn changed, so both changes are kept', async () => {
    const { conversationId } = where();
    const stored = await racingTurns(blobContainer(), conversationId);
    expect(stored).toMatchObject({ welcomed: true, guidedDialogState: { step: 'factor' } });
    expect(logLines.some((l) => l.includes('"event":"state-merged"'))).toBe(true);
  });

  it('answers both of two concurrent turns on two instances, and keeps what each turn saved', async () => {
    const storage = blobContainer();
    const a = botInstance({ storage: storage(), catalogue });
    const b = botInstance({ storage: storage(), catalogue });
    const conversation = where();
    await a.send(message('help', conversation));
    const [welcome, dialog] = await Promise.all([a.send(installed(conversation)), b.send(message('triage', conversation))]);
    expect(welcome.errors).toEqual([]);
    expect(dialog.errors).toEqual([]);
    expect(dialog.cards).toHaveLength(1);
    // The dialog b started is still there: the next click continues it on a.
    const card = dialog.cards[0];
    if (!card) throw new Error('no dialog card');
    const next = only(await a.send(submit(buttonData(card, 'None of these, or not sure'), conversation)));
    expect(cardTitle(next)).not.toBe(cardTitle(card));
    // And the welcome is remembered: installing again does not welcome twice.
    expect((await b.send(installed(conversation))).cards).toHaveLength(0);
  });

  it('counts every feedback vote from two instances voting at once, and a double click once', async () => {
    const storage = blobContainer();
    const one = new FeedbackStore(storage());
    const two = new FeedbackStore(storage());
    const sectionId = 'southport/policy/3';
    for (let round = 0; round < 4; round++) {
      await Promise.all([
        one.vote({ sectionId, voter: `person-a-${round}`, answer: 'answer-1', helpful: true }),
        two.vote({ sectionId, voter: `person-b-${round}`, answer: 'answer-1', helpful: round % 2 === 0 }),
      ]);
    }
    expect(await one.counts(sectionId)).toEqual({ helpful: 6, notHelpful: 2 });
    // The same person's click landing on both instances at once.
    const double = { sectionId, voter: 'person-c', answer: 'answer-2', helpful: false };
    const outcomes = await Promise.all([one.vote(double), two.vote(double)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['counted', 'unchanged']);
    expect(await two.counts(sectionId)).toEqual({ helpful: 6, notHelpful: 3 });
  });
});

describe('when storage goes away', () => {
  it('tells the person it cannot reach its storage, stays up, and carries on when storage is back', async () => {
    const storage = blobContainer();
    const instance = botInstance({ storage: storage(), catalogue });
    const conversation = where();
    const started = only(await instance.send(message('triage', conversation)));

    await azurite.stop();
    try {
      const down = await instance.send(submit(buttonData(started, 'None of these, or not sure'), conversation));
      expect(down.texts).toHaveLength(1);
      expect(down.texts[0]).toMatch(/^I can't reach my storage right now/);
      expect(down.texts[0]).toMatch(/reference: [0-9A-F]{4}-[0-9A-F]{4}$/);
      expect(instance.logLines.some((l) => l.includes('"event":"storage-unavailable"') && l.includes('STORAGE_UNAVAILABLE'))).toBe(true);
    } finally {
      await azurite.restart();
    }

    // The dialog position survived the outage: the same click now continues it.
    const resumed = only(await instance.send(submit(buttonData(started, 'None of these, or not sure'), conversation)));
    expect(cardTitle(resumed)).not.toBe(cardTitle(started));
  });

  it('reports an outage as STORAGE_UNAVAILABLE, never a raw network error', async () => {
    const guarded = new StateStorage(new BlobsStorage('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;', 'nowhere', {
      storagePipelineOptions: { retryOptions: { maxTries: 1 } },
    }));
    await expect(guarded.read(['msteams/conversations/x'])).rejects.toThrow(/^STORAGE_UNAVAILABLE: state storage read failed: ECONNREFUSED/);
  });
});
