import { beforeAll, describe, expect, it } from 'vitest';
import type { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import { interpretTyped, messageWords } from '../../../src/dialogs/dialog-triggers.js';
import { bundled } from './bundled.js';

let catalogue: DialogCatalogue;
beforeAll(async () => {
  ({ catalogue } = await bundled());
});

describe('dialog triggers', () => {
  it.each([
    ['is this SEND?', 'send-or-other'],
    ['Is it SEN or something else?', 'send-or-other'],
    ["I'm worried about a pupil, is this SEN?", 'send-or-other'],
    ['triage', 'send-or-other'],
    ['start triage please', 'send-or-other'],
    ['induction', 'induction'],
    ["I'm new to the school", 'induction'],
    ['next step', 'next-step'],
    ['What is the next step after an annual review?', 'next-step'],
    ['A parent has complained about the support', 'parent-concern'],
    ['parent complaint', 'parent-concern'],
    ['The parent is unhappy with the provision', 'parent-concern'],
  ])('starts the right dialog for %j', (text, expected) => {
    expect(catalogue.match(text, 'southport')?.id).toBe(expected);
  });

  it.each([
    'What does the policy say about staff induction training?',
    'Who is responsible for sending the SEND information report?',
    'How long does an EHC needs assessment take?',
    'What is a sensible triage approach for attendance?',
    'complaints about exclusions in the behaviour policy',
  ])('leaves a question to the answering core: %j', (text) => {
    expect(catalogue.match(text, 'southport')).toBeUndefined();
  });

  it('splits messages into lower-case words without punctuation', () => {
    expect(messageWords('Is it SEN — or “something else”?')).toEqual(['is', 'it', 'sen', 'or', 'something', 'else']);
    expect(messageWords('I’m new')).toEqual(["i'm", 'new']);
  });
});

describe('typed answers', () => {
  it('maps a number to the button with that number, choices first then navigation', async () => {
    ({ catalogue } = await bundled());
    let state = catalogue.start('next-step', 'southport');
    const view = catalogue.view(state);
    expect(interpretTyped(view, '2')).toEqual({ kind: 'choice', choice: 'sen-support', step: 'stage' });
    expect(interpretTyped(view, '7.')).toEqual({ kind: 'nav', nav: 'cancel', step: 'stage' });
    expect(interpretTyped(view, '8')).toBeUndefined();
    const result = catalogue.step(state, { kind: 'choice', choice: 'sen-support' });
    if (result.status !== 'moved') throw new Error('did not move');
    state = result.state;
    expect(interpretTyped(catalogue.view(state), '5')).toEqual({ kind: 'nav', nav: 'back', step: 'cycle' });
  });

  it('maps a button label, ignoring case and punctuation', () => {
    const view = catalogue.view(catalogue.start('send-or-other', 'drb-ignite'));
    expect(interpretTyped(view, 'child poverty')).toEqual({ kind: 'choice', choice: 'poverty', step: 'factor' });
    expect(interpretTyped(view, 'None of these, or not sure.')).toEqual({ kind: 'choice', choice: 'none', step: 'factor' });
  });

  it('understands cancel and start again on every step, back and next only where offered', () => {
    const first = catalogue.view(catalogue.start('induction', 'aspire'));
    expect(interpretTyped(first, 'cancel')).toEqual({ kind: 'nav', nav: 'cancel', step: 'role' });
    expect(interpretTyped(first, 'Start again')).toEqual({ kind: 'nav', nav: 'restart', step: 'role' });
    expect(interpretTyped(first, 'back')).toBeUndefined();
    expect(interpretTyped(first, 'next')).toBeUndefined();
  });

  it('treats anything else as not an answer', () => {
    const view = catalogue.view(catalogue.start('send-or-other', 'southport'));
    expect(interpretTyped(view, 'What does the policy say about attendance?')).toBeUndefined();
    expect(interpretTyped(view, '')).toBeUndefined();
  });
});
