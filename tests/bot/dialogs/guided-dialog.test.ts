import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardToText } from '../../../bot/cards/card-to-text.js';
import { DialogProgressStore } from '../../../bot/dialogs/dialog-progress.js';
import { GuidedDialog } from '../../../bot/dialogs/guided-dialog.js';
import type { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import { bundled } from '../../src/dialogs/bundled.js';

let catalogue: DialogCatalogue;
beforeAll(async () => {
  ({ catalogue } = await bundled());
});

/** The guided dialog alone, begun with `options`, on botbuilder-testing's DialogTestClient. */
function client(options: { dialog: string; trust: string }) {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const dialog = new GuidedDialog({ catalogue, progress: new DialogProgressStore(new UserState(storage), catalogue) });
  return new DialogTestClient('msteams', dialog, options, [], conversationState);
}

/** The card title of a reply (its second line: the first names the dialog). */
function title(reply: unknown): string {
  const activity = reply as Partial<Activity>;
  const card: unknown = activity.attachments?.[0]?.content;
  return cardToText(card).text.split('\n')[1] ?? '';
}

describe('GuidedDialog', () => {
  it('shows the first step when it begins, and moves on typed numbers, "back", "start again" and "cancel"', async () => {
    const c = client({ dialog: 'next-step', trust: 'aspire' });
    expect(title(await c.sendActivity('hello'))).toBe('Where is the pupil now?');
    expect(title(await c.sendActivity('6'))).toBe('Which move is it?');
    expect(title(await c.sendActivity('back'))).toBe('Where is the pupil now?');
    expect(title(await c.sendActivity('2'))).toBe('How is the current cycle going?');
    expect(title(await c.sendActivity('start again'))).toBe('Where is the pupil now?');
    expect(c.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
    const closed = (await c.sendActivity('cancel')) as Partial<Activity>;
    expect(closed.text).toBe('Closed "What is the next step?". Ask me a question whenever you like.');
    expect(c.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  });

  it('waits, saying nothing, on a message that is not an answer', async () => {
    const c = client({ dialog: 'send-or-other', trust: 'mosaic' });
    await c.sendActivity('hello');
    expect(await c.sendActivity('what does the policy say about attendance?')).toBeUndefined();
    expect(c.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
    expect(title(await c.sendActivity('none of these, or not sure'))).toBe('Which area of need does it look like?');
  });
});
