import { MemoryStorage, TestAdapter, PrivateConversationState, UserState } from 'botbuilder';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARD_ACTION_VERSION } from '../../../bot/cards/card-actions.js';
import { parseCardAction } from '../../../bot/cards/card-actions.js';
import { GuidedDialogRouter } from '../../../bot/dialogs/guided-dialog-router.js';
import { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import type { Knowledge, Trust } from '../../../src/knowledge/types.js';
import { RecordingStorage, message, submit } from '../helpers/conversation.js';
import type { SentCard } from '../helpers/conversation.js';
import { bundled } from '../../src/dialogs/bundled.js';
import { buttonData, cardTitle, dialogHarness, onlyCard } from './dialog-harness.js';

let catalogue: DialogCatalogue;
let knowledge: Knowledge;
beforeAll(async () => {
  ({ catalogue, knowledge } = await bundled());
});

function trust(id: string): Trust {
  const found = knowledge.trusts.find((t) => t.id === id);
  if (!found) throw new Error(`no trust ${id}`);
  return found;
}

/** The dialogs a card's buttons start. */
function startsDialogs(card: SentCard): string[] {
  return [...card.buttons.values()].flatMap((value) => {
    const parsed = parseCardAction(value);
    return parsed.ok && parsed.action.action === 'startDialog' ? [parsed.action.dialog] : [];
  });
}

describe('guided dialogs in the bot', () => {
  it('starts "is this SEND?" from a typed message, with the choices numbered first', async () => {
    const { send } = dialogHarness(catalogue);
    const card = onlyCard(await send(message('Is this SEND?')));
    expect(cardTitle(card)).toBe('Could another factor explain it?');
    expect(card.text).toContain('“The following factors may impact on a pupil\'s progress and attainment but do not, in themselves, constitute SEND:”');
    expect(card.text).toMatch(/^ {2}1\. Attendance or punctuality$/m);
    expect(card.text).toMatch(/^ {2}11\. None of these, or not sure$/m);
    expect(card.text).toMatch(/^ {2}12\. Cancel$/m);
    const payload = parseCardAction(buttonData(card, 'Behaviour'));
    expect(payload).toEqual({ ok: true, action: { action: 'dialogChoice', dialog: 'send-or-other', step: 'factor', choice: 'behaviour' } });
  });

  it('starts a dialog only when the whole message asks for it: a question containing its phrase is answered, with the dialog offered', async () => {
    const { send } = dialogHarness(catalogue);
    const group = { scope: 'groupChat' as const, mention: true };
    expect(cardTitle(onlyCard(await send(message('Next step, please!', group))))).toBe('Where is the pupil now?');
    expect((await send(message('cancel', group))).texts).toEqual(['Cancelled. Ask me a question whenever you like.']);

    const answered = onlyCard(await send(message("What's the next step after an annual review?", group)));
    // The answer card (it has the feedback buttons), with the one dialog the question points to.
    expect(answered.buttons.has('👍 Helpful')).toBe(true);
    expect(startsDialogs(answered)).toEqual(['next-step']);
    const started = onlyCard(await send(submit(buttonData(answered, 'What is the next step?'), group)));
    expect(cardTitle(started)).toBe('Where is the pupil now?');
  });

  it('keeps each person\'s dialog to themselves in a group chat or channel', async () => {
    for (const scope of ['groupChat', 'channel'] as const) {
      const { send } = dialogHarness(catalogue);
      const sam = { scope, mention: true };
      const alex = { scope, mention: true, from: { id: '29:user-2', name: 'Alex Teacher', aadObjectId: '00000000-0000-4000-8000-000000000002' } };
      expect(cardTitle(onlyCard(await send(message('next step', sam))))).toBe('Where is the pupil now?');
      // Alex's "2" is not an answer to Sam's dialog, and Alex's "cancel" does not close it.
      expect(cardTitle(onlyCard(await send(message('2', alex))))).not.toBe('How is the current cycle going?');
      expect((await send(message('cancel', alex))).texts).not.toContain('Cancelled. Ask me a question whenever you like.');
      expect(cardTitle(onlyCard(await send(message('Is this SEND?', alex))))).toBe('Could another factor explain it?');
      // Sam carries on where they were.
      expect(cardTitle(onlyCard(await send(message('2', sam))))).toBe('How is the current cycle going?');
    }
  });

  it('offers no dialog under an answer that none of the phrases points to', async () => {
    const { send } = dialogHarness(catalogue);
    const answered = onlyCard(await send(message('Who is the SENDCo?')));
    expect(answered.buttons.has('👍 Helpful')).toBe(true);
    expect(startsDialogs(answered)).toEqual([]);
  });

  it('walks to an outcome with the buttons, quoting the trust’s policy for who, what and when', async () => {
    const { send } = dialogHarness(catalogue);
    let card = onlyCard(await send(message('triage')));
    card = onlyCard(await send(submit(buttonData(card, 'None of these, or not sure'))));
    card = onlyCard(await send(submit(buttonData(card, 'Cognition and learning'))));
    card = onlyCard(await send(submit(buttonData(card, 'A term or more, with little or no progress'))));
    expect(cardTitle(card)).toBe('Possible SEN: raise a concern and start the graduated approach');
    expect(card.text).toContain('1. Raise a concern with your SENDCo');
    expect(card.text).toContain('When · 11. Identification of SEN and the SEND Support Register › The SEND Support Register');
    expect(card.text).toContain('“Reviews will be carried out termly');
    expect(card.text).toContain('Which area of need does it look like?: Cognition and learning');
    expect([...card.buttons.keys()]).toEqual(['Back', 'Start again', 'Done']);
  });

  it('accepts a typed number or a typed choice label while a dialog is open', async () => {
    const { send } = dialogHarness(catalogue);
    await send(message('next step'));
    let card = onlyCard(await send(message('2')));
    expect(cardTitle(card)).toBe('How is the current cycle going?');
    card = onlyCard(await send(message('two or more cycles, little or no progress')));
    expect(cardTitle(card)).toBe('Next: consider requesting an EHC needs assessment');
    expect(card.text).toContain('a minimum of two full cycles of Assess, Plan, Do, Review');
  });

  it('goes back a step with the Back button or by typing "back"', async () => {
    const { send } = dialogHarness(catalogue);
    let card = onlyCard(await send(message('next step')));
    card = onlyCard(await send(submit(buttonData(card, 'Moving to a new class, phase or school'))));
    expect(cardTitle(card)).toBe('Which move is it?');
    card = onlyCard(await send(submit(buttonData(card, 'Back'))));
    expect(cardTitle(card)).toBe('Where is the pupil now?');
    card = onlyCard(await send(submit(buttonData(card, 'Has an EHC plan'))));
    card = onlyCard(await send(message('back')));
    expect(cardTitle(card)).toBe('Where is the pupil now?');
  });

  it('starts again from the top with "Start again"', async () => {
    const { send } = dialogHarness(catalogue);
    let card = onlyCard(await send(message('triage')));
    card = onlyCard(await send(submit(buttonData(card, 'Young carer'))));
    card = onlyCard(await send(submit(buttonData(card, 'Start again'))));
    expect(cardTitle(card)).toBe('Could another factor explain it?');
    card = onlyCard(await send(submit(buttonData(card, 'Young carer'))));
    card = onlyCard(await send(message('start again')));
    expect(cardTitle(card)).toBe('Could another factor explain it?');
  });

  it('cancels at any step, by button or by typing "cancel", and then answers questions again', async () => {
    const { send } = dialogHarness(catalogue);
    let card = onlyCard(await send(message('triage')));
    card = onlyCard(await send(submit(buttonData(card, 'Pupil premium'))));
    const closed = await send(submit(buttonData(card, 'Cancel')));
    expect(closed.texts).toEqual(['Closed "Is this SEND or another factor?". Ask me a question whenever you like.']);
    expect(closed.cards).toEqual([]);
    // "2" is no longer an answer: it goes to the policy search.
    const after = await send(message('2'));
    expect(after.cards.some((c) => c.text.includes('Could another factor'))).toBe(false);

    await send(message('triage'));
    const typed = await send(message('cancel'));
    expect(typed.texts).toEqual(['Cancelled. Ask me a question whenever you like.']);
    expect((await send(message('cancel'))).texts).toEqual(["There's nothing to cancel. Ask me a question whenever you like."]);
  });

  it('says a button from an earlier step is out of date and shows the current step', async () => {
    const { send } = dialogHarness(catalogue);
    const first = onlyCard(await send(message('triage')));
    await send(submit(buttonData(first, 'Behaviour')));
    const stale = await send(submit(buttonData(first, 'Young carer')));
    expect(stale.texts).toEqual(["That button is from an earlier step. Here's where you are now:"]);
    expect(cardTitle(onlyCard(stale))).toBe('Which area of need does it look like?');
  });

  it('does not apply a second press of "Next" on a tour page to the page after it', async () => {
    const { send } = dialogHarness(catalogue);
    let card = onlyCard(await send(message('induction')));
    card = onlyCard(await send(submit(buttonData(card, 'Governor or trustee'))));
    const next = buttonData(card, 'Next');
    expect(onlyCard(await send(submit(next))).text).toContain('Page 2 of 4');
    const again = await send(submit(next));
    expect(again.texts).toEqual(["That button is from an earlier step. Here's where you are now:"]);
    expect(onlyCard(again).text).toContain('Page 2 of 4');
  });

  it('says a dialog has ended when a button from a closed dialog is pressed', async () => {
    const { send } = dialogHarness(catalogue);
    const card = onlyCard(await send(message('triage')));
    await send(message('cancel'));
    const late = await send(submit(buttonData(card, 'Behaviour')));
    expect(late.texts).toEqual(['That guided dialog has ended. Type "guided dialogs" to start one again.']);
  });

  it('leaves a question typed mid-dialog to the answering core, and the dialog carries on after', async () => {
    const { send } = dialogHarness(catalogue);
    await send(message('next step'));
    const answered = await send(message('What does the policy say about medical conditions?'));
    expect(answered.cards.some((c) => cardTitle(c) === 'Where is the pupil now?')).toBe(false);
    const card = onlyCard(await send(message('5')));
    expect(cardTitle(card)).toBe('Next: prepare for the annual review');
  });

  it('resumes on another server instance sharing the storage', async () => {
    const storage = new MemoryStorage();
    const first = dialogHarness(catalogue, storage);
    const second = dialogHarness(catalogue, storage);
    let card = onlyCard(await first.send(message('next step')));
    card = onlyCard(await second.send(submit(buttonData(card, 'On SEN support (assess, plan, do, review)'))));
    expect(cardTitle(card)).toBe('How is the current cycle going?');
    card = onlyCard(await first.send(submit(buttonData(card, 'Outcomes met, may not need SEN support'))));
    expect(cardTitle(card)).toBe('Next: agree whether the pupil leaves SEN support');
    card = onlyCard(await second.send(submit(buttonData(card, 'Back'))));
    expect(cardTitle(card)).toBe('How is the current cycle going?');
    card = onlyCard(await first.send(message('3')));
    expect(cardTitle(card)).toBe('Next: consider requesting an EHC needs assessment');
  });

  it('keeps induction progress per person, resuming it in a new conversation until it is finished', async () => {
    const storage = new MemoryStorage();
    const { send } = dialogHarness(catalogue, storage);
    let card = onlyCard(await send(message('induction')));
    card = onlyCard(await send(submit(buttonData(card, 'Teaching assistant'))));
    expect(card.text).toContain('Page 1 of 4');
    card = onlyCard(await send(submit(buttonData(card, 'Next'))));
    card = onlyCard(await send(submit(buttonData(card, 'Skip'))));
    expect(card.text).toContain('Page 3 of 4');
    expect((await send(message('cancel'))).texts).toEqual(['Cancelled. Ask me a question whenever you like.']);

    // Another conversation (e.g. a new chat on another instance): the tour picks up at page 3.
    const elsewhere = dialogHarness(catalogue, storage);
    const resumed = await elsewhere.send(message('start induction', { conversationId: 'a:personal-2' }));
    expect(resumed.texts).toEqual(['Welcome back: here is where you left off. Choose "Start again" to begin from the top.']);
    card = onlyCard(resumed);
    expect(card.text).toContain('Page 3 of 4');
    card = onlyCard(await elsewhere.send(submit(buttonData(card, 'Next'), { conversationId: 'a:personal-2' })));
    card = onlyCard(await elsewhere.send(submit(buttonData(card, 'Next'), { conversationId: 'a:personal-2' })));
    expect(cardTitle(card)).toBe('Tour complete');
    expect(card.text).toContain('Read: 3');
    expect(card.text).toContain('Skipped: Working with teachers on support');

    // Finished: the next induction starts from the role question.
    card = onlyCard(await send(message('induction')));
    expect(cardTitle(card)).toBe('What is your role?');
  });

  it('stores ids only, never what was typed', async () => {
    const storage = new RecordingStorage();
    const { send } = dialogHarness(catalogue, storage);
    await send(message('Is this SEND?'));
    await send(message('Jamie Smith in 4B keeps missing school'));
    await send(message('attendance or punctuality'));
    await send(message('Jamie Smith cannot read yet, what do I do?'));
    const written = storage.written.join('\n');
    expect(written).toContain('"answer":"attendance"');
    expect(written).not.toMatch(/Jamie|4B|punctuality|cannot read/i);
  });

  it('writes no state for a question that neither starts nor continues a dialog, nor for "cancel" with none open', async () => {
    const storage = new RecordingStorage();
    const { send } = dialogHarness(catalogue, storage);
    expect(onlyCard(await send(message('What is the graduated approach?'))).buttons.has('👍 Helpful')).toBe(true);
    expect((await send(message('cancel'))).texts).toEqual(["There's nothing to cancel. Ask me a question whenever you like."]);
    expect(storage.written).toEqual([]);

    // A dialog still saves its position, and a question after it is closed writes nothing more.
    expect(cardTitle(onlyCard(await send(message('Is this SEND?'))))).toBe('Could another factor explain it?');
    expect(storage.written.join('\n')).toContain('"dialog":"send-or-other"');
    await send(message('cancel'));
    const afterCancel = storage.written.length;
    await send(message('What is the graduated approach?'));
    await send(message('Who is the SENDCo?'));
    expect(storage.written.length).toBe(afterCancel);
  });

  it('starts the dialog again when its stored state no longer fits the definition', async () => {
    const storage = new RecordingStorage();
    const { send } = dialogHarness(catalogue, storage);
    const card = onlyCard(await send(message('next step')));
    const key = Object.keys(JSON.parse(storage.written.at(-1) ?? '{}') as Record<string, unknown>).find((k) => k.includes('/conversations/')) ?? '';
    const stored = await storage.read([key]);
    const item = JSON.parse(JSON.stringify(stored[key])) as { guidedDialogState: { dialogStack: Array<{ state: { engine: { answers: unknown[] } } }> } };
    const instance = item.guidedDialogState.dialogStack[0];
    if (!instance) throw new Error('no dialog instance stored');
    instance.state.engine.answers = [{ step: 'stage', answer: 'retired-choice' }];
    await storage.write({ [key]: { ...item, eTag: '*' } });
    const reply = await send(submit(buttonData(card, 'Has an EHC plan')));
    expect(reply.texts).toEqual(['This guide has been updated since you started it, so it starts again from the top.']);
    expect(cardTitle(onlyCard(reply))).toBe('Where is the pupil now?');
  });

  it('closes the open dialog when the trust changes', async () => {
    const storage = new MemoryStorage();
    const dialogState = new PrivateConversationState(storage);
    const userState = new UserState(storage);
    const router = new GuidedDialogRouter({ dialogState, userState, catalogue });
    let current = trust('southport');
    const handled: boolean[] = [];
    const adapter = new TestAdapter(async (context) => {
      handled.push(await router.route(context, current));
    });
    await adapter.processActivity({ type: 'message', text: 'triage' });
    expect(adapter.activeQueue.splice(0)).toHaveLength(1);
    current = trust('mosaic');
    await adapter.processActivity({ type: 'message', text: '1' });
    expect(adapter.activeQueue.splice(0).map((a) => a.text)).toEqual(['You switched trust, so I closed the guide you had open.']);
    expect(handled).toEqual([true, false]);
  });

  it('never throws on odd turns: payloads of any shape, text that is not text, buttons of other dialogs', async () => {
    const storage = new MemoryStorage();
    const router = new GuidedDialogRouter({ dialogState: new PrivateConversationState(storage), userState: new UserState(storage), catalogue });
    const southport = trust('southport');
    const results: unknown[] = [];
    const adapter = new TestAdapter(async (context) => {
      results.push(await router.route(context, southport));
    });
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('triage', 'induction', '1', '12', 'back', 'start again', 'cancel', '0', '-1', '1e9'), fc.integer(), fc.constant(null));
    const value = fc.oneof(
      fc.constant(undefined),
      fc.anything({ maxDepth: 2 }),
      fc.record({
        action: fc.constantFrom('startDialog', 'dialogChoice', 'dialogNav'),
        dialog: fc.constantFrom('send-or-other', 'next-step', 'induction', 'parent-concern', 'gone'),
        step: fc.constantFrom('factor', 'area', 'stage', 'role', 'nope'),
        choice: fc.constantFrom('none', 'eal', 'concern', 'sendco', 'nope'),
        nav: fc.constantFrom('next', 'back', 'skip', 'cancel', 'restart'),
      }).map((a) => ({ ...a, v: CARD_ACTION_VERSION })),
    );
    await fc.assert(
      fc.asyncProperty(text, value, async (t, v) => {
        await adapter.processActivity({ type: 'message', text: t as string, ...(v === undefined ? {} : { value: v }) });
        adapter.activeQueue.splice(0);
      }),
      { numRuns: 300 },
    );
    expect(results.every((r) => typeof r === 'boolean')).toBe(true);
    expect(results.length).toBeGreaterThanOrEqual(300);
  });

  it('reads typed commands and suggestions from the definitions served: new trigger phrases take over after a reload', async () => {
    const { send, router } = dialogHarness(catalogue);
    const changed = new DialogCatalogue(
      catalogue.dialogs.map((d) => (d.id === 'next-step' ? { ...d, triggers: [{ phrase: 'where now for this pupil', match: 'contains' as const }] } : d)),
      knowledge.trusts,
    );
    // The same message twice, so phrases read on the first are what the second is matched against.
    for (let i = 0; i < 2; i++) {
      expect(cardTitle(onlyCard(await send(message('Next step, please!'))))).toBe('Where is the pupil now?');
      await send(message('cancel'));
    }
    expect(startsDialogs(onlyCard(await send(message("What's the next step after an annual review?"))))).toEqual(['next-step']);

    router.useCatalogue(changed);
    const typed = onlyCard(await send(message('Next step, please!')));
    expect(cardTitle(typed)).not.toBe('Where is the pupil now?');
    expect(startsDialogs(onlyCard(await send(message("What's the next step after an annual review?"))))).toEqual([]);
    expect(cardTitle(onlyCard(await send(message('Where now for this pupil?'))))).toBe('Where is the pupil now?');
    await send(message('cancel'));
    expect(startsDialogs(onlyCard(await send(message('Where now for this pupil, after an annual review?'))))).toEqual(['next-step']);
  });

  it('lists the dialogs authored for the trust', () => {
    const router = new GuidedDialogRouter({
      dialogState: new PrivateConversationState(new MemoryStorage()),
      userState: new UserState(new MemoryStorage()),
      catalogue,
    });
    expect(router.list(trust('leading-learners')).map((d) => d.title)).toEqual([
      'Is this SEND or another factor?',
      'What is the next step?',
      'Induction: your SEND policy by role',
      'A parent has a concern or complaint',
    ]);
  });
});
