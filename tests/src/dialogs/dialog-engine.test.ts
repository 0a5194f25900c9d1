import { beforeAll, describe, expect, it } from 'vitest';
import type { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import type { DialogInput, DialogState, StepResult } from '../../../src/dialogs/types.js';
import { bundled } from './bundled.js';

let catalogue: DialogCatalogue;
beforeAll(async () => {
  ({ catalogue } = await bundled());
});

function moved(result: StepResult): DialogState {
  if (result.status !== 'moved') throw new Error(`expected to move, got ${result.status}`);
  return result.state;
}

function walk(dialog: string, trust: string, inputs: DialogInput[]): DialogState {
  let state = catalogue.start(dialog, trust);
  for (const input of inputs) state = moved(catalogue.step(state, input));
  return state;
}

const choose = (choice: string): DialogInput => ({ kind: 'choice', choice });
const nav = (n: 'next' | 'back' | 'skip' | 'cancel' | 'restart'): DialogInput => ({ kind: 'nav', nav: n });

describe('dialog engine', () => {
  it('starts at the first question with its choices and a cancel button, and no back', () => {
    const view = catalogue.view(catalogue.start('send-or-other', 'drb-ignite'));
    expect(view.step).toEqual({ id: 'factor', kind: 'question' });
    expect(view.actions.at(-1)).toEqual({ kind: 'nav', nav: 'cancel', label: 'Cancel' });
    expect(view.actions.some((a) => a.kind === 'nav' && a.nav === 'back')).toBe(false);
    expect(view.note).toContain('no names or details');
  });

  it('goes back to the previous question and forgets its answer', () => {
    const state = walk('send-or-other', 'southport', [choose('eal'), choose('communication'), nav('back')]);
    expect(state.step).toBe('area');
    expect(state.answers).toEqual([{ step: 'factor', answer: 'eal' }]);
  });

  it('starts again from the first step', () => {
    const state = walk('send-or-other', 'southport', [choose('eal'), choose('communication'), nav('restart')]);
    expect(state).toEqual(catalogue.start('send-or-other', 'southport'));
  });

  it('cancels from any step', () => {
    const state = walk('next-step', 'aspire', [choose('sen-support')]);
    expect(catalogue.step(state, nav('cancel'))).toEqual({ status: 'cancelled' });
  });

  it('rejects a button from an earlier step without moving', () => {
    const state = walk('send-or-other', 'southport', [choose('eal')]);
    const result = catalogue.step(state, { kind: 'choice', choice: 'none', step: 'factor' });
    expect(result).toEqual({ status: 'rejected', state, reason: 'stale-step' });
  });

  it('accepts cancel and start again from an earlier card', () => {
    const state = walk('send-or-other', 'southport', [choose('eal')]);
    expect(catalogue.step(state, { kind: 'nav', nav: 'cancel', step: 'factor' }).status).toBe('cancelled');
    expect(catalogue.step(state, { kind: 'nav', nav: 'restart', step: 'factor' }).status).toBe('moved');
  });

  it('rejects a choice the trust is not offered', () => {
    const state = catalogue.start('send-or-other', 'mosaic');
    expect(catalogue.step(state, choose('service-family'))).toMatchObject({ status: 'rejected', reason: 'unknown-choice' });
  });

  it('rejects back on the first step and next on a question', () => {
    const state = catalogue.start('next-step', 'mosaic');
    expect(catalogue.step(state, nav('back'))).toMatchObject({ status: 'rejected', reason: 'not-available' });
    expect(catalogue.step(state, nav('next'))).toMatchObject({ status: 'rejected', reason: 'not-available' });
  });

  it('routes through the branch to the outcome with the answers and their quotes', () => {
    const state = walk('send-or-other', 'southport', [choose('eal'), choose('communication'), choose('not-yet')]);
    const view = catalogue.view(state);
    expect(view.step).toEqual({ id: 'likely-other-factor', kind: 'outcome' });
    expect(view.answers?.map((a) => a.answer)).toEqual(['English as an additional language', 'Communication and interaction', 'Not yet, or for less than half a term']);
    const first = view.answers?.[0]?.citations[0];
    expect(first?.kind).toBe('quote');
    expect(first?.kind === 'quote' ? first.quote : '').toContain('solely because the language');
    expect(view.actions.map((a) => a.label)).toEqual(['Back', 'Start again', 'Done']);
  });

  it('fills the trust’s name for its SENDCo into the text', () => {
    const southport = catalogue.view(walk('send-or-other', 'southport', [choose('none'), choose('unsure'), choose('term-little-progress')]));
    const aspire = catalogue.view(walk('send-or-other', 'aspire', [choose('none'), choose('unsure'), choose('term-little-progress')]));
    expect(southport.nextSteps?.[0]).toContain('your SENDCo');
    expect(aspire.nextSteps?.[0]).toContain('your SENCO');
    expect(southport.title).toBe('Possible SEN: raise a concern and start the graduated approach');
  });

  it('shows the tour position on induction pages, and what was read and skipped at the end', () => {
    let state = walk('induction', 'mosaic', [choose('governor')]);
    expect(catalogue.view(state).progress).toEqual({ position: 1, total: 4 });
    expect(catalogue.view(state).actions.map((a) => a.label)).toEqual(['Next', 'Skip', 'Back', 'Start again', 'Cancel']);
    state = moved(catalogue.step(state, nav('next')));
    state = moved(catalogue.step(state, nav('skip')));
    expect(catalogue.view(state).progress).toEqual({ position: 3, total: 4 });
    state = moved(catalogue.step(state, nav('next')));
    state = moved(catalogue.step(state, nav('next')));
    const view = catalogue.view(state);
    expect(view.step.id).toBe('finish');
    expect(view.tour).toEqual({
      read: ["The board's role in SEND", 'The SEND link governor or trustee', 'The SEND information report'],
      skipped: ['Holding leaders to account'],
    });
  });

  it('keeps only ids in its state, so it survives a JSON round trip', () => {
    const state = walk('next-step', 'southport', [choose('transition'), choose('adulthood')]);
    const copy: unknown = JSON.parse(JSON.stringify(state));
    expect(copy).toEqual(state);
    expect(catalogue.restore(copy)).toEqual(state);
    expect(Object.keys(state).sort()).toEqual(['answers', 'dialog', 'step', 'trust', 'v']);
  });

  it('refuses to restore a state that no longer fits the definitions', () => {
    const state = walk('next-step', 'southport', [choose('transition')]);
    expect(catalogue.restore({ ...state, step: 'exit' })).toBeUndefined();
    expect(catalogue.restore({ ...state, answers: [{ step: 'stage', answer: 'gone' }] })).toBeUndefined();
    expect(catalogue.restore({ ...state, dialog: 'unknown' })).toBeUndefined();
    expect(catalogue.restore({ ...state, extra: 'text the user typed' })).toBeUndefined();
    expect(catalogue.restore('not a state')).toBeUndefined();
  });
});
