import { describe, expect, it } from 'vitest';
import type { TurnContext } from 'botbuilder';
import { actionData, parseCardAction } from '../../bot/cards/card-actions.js';
import type { DialogRouter } from '../../bot/dialogs/dialog-router.js';
import { replies } from '../../bot/send-policy-bot.js';
import type { Trust } from '../../src/knowledge/types.js';
import { RecordingStorage, cardsOf, harness, message, submit, textsOf } from './helpers/conversation.js';
import { fakeKnowledge } from './helpers/fake-knowledge.js';

const question = 'What is the graduated approach for Jamie Smith in Year 4?';

describe('feedback', () => {
  it('counts one vote per person per answer, a second vote replacing the first, and stores no message text or ids', async () => {
    const storage = new RecordingStorage();
    const { send, feedback } = harness({ storage });
    const [card] = cardsOf(await send(message(question)));
    const helpful = card?.buttons.get('👍 Helpful');
    const notHelpful = card?.buttons.get('👎 Not helpful');
    const parsed = parseCardAction(helpful);
    const sectionId = parsed.ok && parsed.action.action === 'feedback' ? parsed.action.sectionId : '';
    const answerId = parsed.ok && parsed.action.action === 'feedback' ? (parsed.action.answer ?? '') : '';
    expect(sectionId).not.toBe('');
    expect(answerId).not.toBe('');

    expect(textsOf(await send(submit(helpful)))).toEqual([replies.feedbackThanks]);
    expect(textsOf(await send(submit(helpful)))).toEqual([replies.feedbackAlready]);
    expect(await feedback.counts(sectionId)).toEqual({ helpful: 1, notHelpful: 0 });
    expect(textsOf(await send(submit(notHelpful)))).toEqual([replies.feedbackChanged(false)]);
    expect(await feedback.counts(sectionId)).toEqual({ helpful: 0, notHelpful: 1 });

    // Someone else in the chat votes on the same card; the first person votes on a new answer.
    const alex = { id: '29:user-2', name: 'Alex Assistant', aadObjectId: '00000000-0000-4000-8000-000000000002' };
    expect(textsOf(await send(submit(helpful, { from: alex })))).toEqual([replies.feedbackThanks]);
    const [again] = cardsOf(await send(message(question)));
    expect(again?.buttons.get('👍 Helpful')).not.toEqual(helpful);
    expect(textsOf(await send(submit(again?.buttons.get('👍 Helpful'))))).toEqual([replies.feedbackThanks]);
    expect(await feedback.counts(sectionId)).toEqual({ helpful: 2, notHelpful: 1 });

    const stored = storage.written.join('\n');
    expect(stored).toContain('feedback/');
    expect(stored).not.toContain('Jamie');
    expect(stored).not.toContain('graduated approach');
    expect(stored).not.toContain(answerId);
    expect(stored).not.toContain(alex.aadObjectId);
  });

  it('counts a card sent before answers carried an id once per person per section', async () => {
    const { send, feedback } = harness();
    const old = actionData({ action: 'feedback', sectionId: 'southport/policy/3', helpful: true });
    expect(textsOf(await send(submit(old)))).toEqual([replies.feedbackThanks]);
    expect(textsOf(await send(submit(old)))).toEqual([replies.feedbackAlready]);
    expect(await feedback.counts('southport/policy/3')).toEqual({ helpful: 1, notHelpful: 0 });
  });
});

describe('stale and malformed buttons', () => {
  it.each([
    ['an older payload version', { action: 'showSection', sectionId: 'southport/policy/1', v: 0 }],
    ['no version', { action: 'help' }],
    ['an unknown action', { action: 'launchRocket', v: 1 }],
    ['a missing field', { action: 'feedback', sectionId: 'southport/policy/1', v: 1 }],
    ['a string', 'help'],
  ])('answers %s with a friendly reply, not an error', async (_name, value) => {
    const { send, logLines } = harness();
    expect(textsOf(await send(submit(value)))).toEqual([replies.staleCard]);
    expect(logLines.some((l) => l.includes('"level":50'))).toBe(false);
  });

  it("answers a button for a section that no longer exists, or another trust's section, without showing it", async () => {
    const { send } = harness();
    expect(textsOf(await send(submit(actionData({ action: 'showSection', sectionId: 'southport/policy/9999' }))))).toEqual([replies.sectionGone]);
    expect(textsOf(await send(submit(actionData({ action: 'showSection', sectionId: 'mosaic/policy/3' }))))).toEqual([replies.sectionGone]);
  });
});

describe('a turn that fails', () => {
  it('apologises with a reference, and logs the error with stack and ids but not the message text', async () => {
    const { send, logLines } = harness({ knowledge: fakeKnowledge({ failWith: new Error('index unavailable') }) });
    const incoming = message(question);
    const sent = await send(incoming);
    const apology = textsOf(sent).at(-1) ?? '';
    const reference = /reference: ([0-9A-F]{4}-[0-9A-F]{4})$/.exec(apology)?.[1];
    expect(reference).toBeDefined();
    const line = logLines.find((l) => l.includes('turn failed')) ?? '';
    const entry: unknown = JSON.parse(line);
    expect(entry).toMatchObject({
      level: 50,
      correlationId: reference,
      err: { message: 'index unavailable', stack: expect.stringContaining('Error: index unavailable\n    at ') as unknown },
      activity: { type: 'message', id: incoming.id, conversationId: 'a:personal-1' },
    });
    expect(logLines.join('\n')).not.toContain('Jamie');
  });
});

/** A guided-dialog router that records its calls; it handles text starting with "step". */
function fakeRouter() {
  const calls: string[] = [];
  const router: DialogRouter = {
    list: (trust: Trust) => [{ id: 'send-or-not', title: 'SEND or another factor?', description: `Work out a concern with ${trust.displayName}'s policy` }],
    route: async (context: TurnContext) => {
      calls.push(`route:${context.activity.text ?? JSON.stringify(context.activity.value)}`);
      const handled = (context.activity.text ?? '').startsWith('step') || context.activity.value !== undefined;
      if (handled) await context.sendActivity('dialog step');
      return handled;
    },
    suggest: () => undefined,
    start: async (context: TurnContext, _trust: Trust, dialogId: string) => {
      calls.push(`start:${dialogId}`);
      await context.sendActivity(`started ${dialogId}`);
    },
    cancel: (context: TurnContext) => {
      calls.push(`cancel:${context.activity.conversation.id}`);
      return Promise.resolve(true);
    },
  };
  return { router, calls };
}

describe('guided dialogs', () => {
  it('asks the router first, and answers from the policy when it does not handle the message', async () => {
    const { router, calls } = fakeRouter();
    const { send } = harness({ dialogs: router });
    expect(textsOf(await send(message('step two')))).toEqual(['dialog step']);
    expect(cardsOf(await send(message('What is the graduated approach?')))).toHaveLength(1);
    expect(calls).toEqual(['route:step two', 'route:What is the graduated approach?']);
  });

  it('lists the dialogs for "guided dialogs" and starts one from its button', async () => {
    const { router, calls } = fakeRouter();
    const { send } = harness({ dialogs: router });
    const [list] = cardsOf(await send(message('guided dialogs')));
    expect(list?.text).toContain('SEND or another factor?');
    expect(textsOf(await send(submit(list?.buttons.get('SEND or another factor?'))))).toEqual(['started send-or-not']);
    expect(calls).toContain('start:send-or-not');
  });

  it('cancels the active dialog for "cancel"', async () => {
    const { router, calls } = fakeRouter();
    const { send } = harness({ dialogs: router });
    expect(textsOf(await send(message('cancel')))).toEqual([replies.cancelled]);
    expect(calls).toEqual(['cancel:a:personal-1']);
  });

  it('offers the dialogs on the not-covered card and on help', async () => {
    const { router } = fakeRouter();
    const { send } = harness({ dialogs: router });
    const [notCovered] = cardsOf(await send(message('Which football team won the league in 1998?')));
    expect(notCovered?.buttons.get('SEND or another factor?')).toEqual(actionData({ action: 'startDialog', dialog: 'send-or-not' }));
    const [help] = cardsOf(await send(message('help')));
    expect(help?.buttons.has('SEND or another factor?')).toBe(true);
  });

  it('passes dialog buttons to the router, and says when the dialog has ended', async () => {
    const { send } = harness();
    const sent = await send(submit(actionData({ action: 'dialogNav', dialog: 'send-or-not', nav: 'next' })));
    expect(textsOf(sent)).toEqual([replies.dialogGone]);
  });

  it('says so when a dialog button names a dialog that does not exist', async () => {
    const { router } = fakeRouter();
    const { send } = harness({ dialogs: router });
    expect(textsOf(await send(submit(actionData({ action: 'startDialog', dialog: 'retired-dialog' }))))).toEqual([replies.dialogUnknown]);
  });
});
