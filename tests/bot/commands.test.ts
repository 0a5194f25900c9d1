import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandWords, dialogCommand, dialogCommandMatcher, matchCommand } from '../../bot/commands.js';
import type { DialogCommands } from '../../bot/commands.js';
import { matchTrigger, messageWords } from '../../src/dialogs/dialog-triggers.js';
import { bundled } from '../src/dialogs/bundled.js';

let southport: DialogCommands[];
beforeAll(async () => {
  const { catalogue } = await bundled();
  southport = catalogue.list('southport').map(({ id, title }) => ({ id, title, triggers: catalogue.get(id)?.triggers ?? [] }));
});

describe('commands typed as a message', () => {
  it('are read without case, punctuation, a leading "/" or "please" and "thanks" around them', () => {
    expect(commandWords('  Next step, please! ')).toBe('next step');
    expect(commandWords('/help')).toBe('help');
    expect(commandWords('please cancel, thank you')).toBe('cancel');
    expect(commandWords('What’s the next step?')).toBe("what's the next step");
  });

  it.each([
    ['help', 'help'],
    ['Help please', 'help'],
    ['/help', 'help'],
    ['CANCEL.', 'cancel'],
    ['Cancel, thanks', 'cancel'],
    ['please change trust', 'changeTrust'],
    ['Guided dialogs?', 'guidedDialogs'],
  ])('%j is the %s command', (text, command) => {
    expect(matchCommand(text)).toBe(command);
  });

  it.each(['help me find the EHCP section', 'Who can help with a pupil with dyslexia?', 'How do I cancel an annual review meeting?', 'stop the bullying'])(
    '%j is a question, not a command',
    (text) => {
      expect(matchCommand(text)).toBeUndefined();
    },
  );
});

describe('typed messages that start a guided dialog', () => {
  it.each([
    ['next step', 'next-step'],
    ['Next step, please!', 'next-step'],
    ['please start the next step', 'next-step'],
    ['What happens next?', 'next-step'],
    ['What is the next step?', 'next-step'],
    ['is this SEND?', 'send-or-other'],
    ['Is this SEND or another factor?', 'send-or-other'],
    ['start triage please', 'send-or-other'],
    ["I'm new!", 'induction'],
    ['new to the school', 'induction'],
    ["I'm new to the school", 'induction'],
    ['I am a new teacher', 'induction'],
    ['Is this SEND or something else?', 'send-or-other'],
    ['induction', 'induction'],
    ['The parent is unhappy', 'parent-concern'],
    ['parent complaint', 'parent-concern'],
  ])('%j starts %s', (text, dialog) => {
    expect(dialogCommand(southport, text)?.id).toBe(dialog);
  });

  it('are matched against words read once: the same dialog as reading each phrase and the whole message again, for any text', () => {
    const matcher = dialogCommandMatcher(southport);
    const asCommands = southport.map((dialog) => ({
      dialog,
      triggers: [...dialog.triggers, { phrase: dialog.title }].map((t) => ({ phrase: t.phrase, match: 'whole' as const })),
    }));
    const phrases = southport.flatMap((d) => [d.title, ...d.triggers.map((t) => t.phrase)]);
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.tuple(fc.constantFrom('', 'please ', 'start the ', '/', 'İ ', 'ΟΔΟΣ '), fc.constantFrom(...phrases), fc.constantFrom('', '!', ' please', ' thank you', ' now', '’')).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(messageWords(messageWords(t).join(' '))).toEqual(messageWords(t));
        expect(matcher(t)).toBe(matchTrigger(asCommands, commandWords(t))?.dialog);
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    "What's the next step after an annual review?",
    'What happens next after an EHC needs assessment?',
    'Who decides the next steps for a pupil on SEN support?',
    "I'm worried about a pupil, is this SEN?",
    'The parent is unhappy with the provision, who do they talk to?',
    'What does the policy say about staff induction training?',
    "I'm new to the school, what should I read first?",
  ])('%j is a question for the policy, not a dialog start', (text) => {
    expect(dialogCommand(southport, text)).toBeUndefined();
  });
});
