import { beforeAll, describe, expect, it } from 'vitest';
import { parseCardAction } from '../../../bot/cards/card-actions.js';
import type { CardAction } from '../../../bot/cards/card-actions.js';
import { cardToText } from '../../../bot/cards/card-to-text.js';
import { dialogCard } from '../../../bot/cards/dialog-card.js';
import type { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import { explorePaths } from '../../../src/dialogs/dialog-paths.js';
import { READ, SKIPPED } from '../../../src/dialogs/types.js';
import type { DialogState, DialogView } from '../../../src/dialogs/types.js';
import { bundled } from '../../src/dialogs/bundled.js';
import { markdownBlockLines, textBlockTexts } from '../helpers/card-markdown.js';
import { cardProblems } from '../helpers/validate-card.js';

let catalogue: DialogCatalogue;
beforeAll(async () => {
  ({ catalogue } = await bundled());
});

const TRUSTS = ['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic'];

/** One view of every visible step each trust can reach in every dialog. */
function everyStepView(trust: string): DialogView[] {
  const views = new Map<string, DialogView>();
  for (const definition of catalogue.dialogs) {
    for (const path of explorePaths(definition, trust).paths) {
      let state: DialogState = catalogue.start(definition.id, trust);
      const record = (): void => {
        const key = `${definition.id}/${state.step}`;
        if (!views.has(key)) views.set(key, catalogue.view(state));
      };
      record();
      for (const answer of path.answers) {
        const nav = answer.answer === READ ? 'next' : answer.answer === SKIPPED ? 'skip' : undefined;
        const result = catalogue.step(state, nav ? { kind: 'nav', nav } : { kind: 'choice', choice: answer.answer });
        if (result.status !== 'moved') throw new Error(`cannot replay ${definition.id}`);
        state = result.state;
        record();
      }
    }
  }
  return [...views.values()];
}

function expectedPayload(view: DialogView, action: DialogView['actions'][number]): CardAction {
  return action.kind === 'choice'
    ? { action: 'dialogChoice', dialog: view.dialog.id, step: view.step.id, choice: action.id }
    : { action: 'dialogNav', dialog: view.dialog.id, nav: action.nav, step: view.step.id };
}

describe('guided dialog cards', () => {
  it.each(TRUSTS)('render every step and outcome for %s as clean Adaptive Cards 1.5 whose numbered buttons are the choices, then navigation', (trust) => {
    const views = everyStepView(trust);
    expect(views.length).toBeGreaterThan(30);
    for (const view of views) {
      const card = dialogCard(view);
      expect(cardProblems(card), `${view.dialog.id}/${view.step.id}`).toEqual([]);
      expect(JSON.parse(JSON.stringify(card))).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      const rendered = cardToText(card);
      expect(rendered.actions.map((a) => a.title)).toEqual(view.actions.map((a) => a.label));
      rendered.actions.forEach((a, i) => {
        const action = view.actions[i];
        if (!action) throw new Error('missing action');
        expect(parseCardAction(a.data)).toEqual({ ok: true, action: expectedPayload(view, action) });
      });
    }
  });

  it.each(TRUSTS)('show %s policy headings such as "7. Definition of SEN" above quotes as headings: the only Markdown list is an outcome’s next steps', (trust) => {
    let numbered = 0;
    for (const view of everyStepView(trust)) {
      const card = dialogCard(view);
      expect(markdownBlockLines(card), `${view.dialog.id}/${view.step.id}`).toEqual((view.nextSteps ?? []).map((s, i) => `${i + 1}. ${s}`));
      numbered += textBlockTexts(card).filter((t) => /^\d+\.\u00a0/.test(t)).length;
    }
    // The policies number their headings, so some quote blocks start with one.
    if (trust === 'southport') expect(numbered).toBeGreaterThan(0);
  });

  it('quotes each passage with its heading path and the policy’s name, and lets it open the whole section', () => {
    const view = catalogue.view(catalogue.start('next-step', 'aspire'));
    const card = dialogCard(view);
    const text = cardToText(card).text;
    expect(text).toContain('From Special Educational Needs and Disabilities (SEND) Policy');
    expect(text).toContain('SEND Support');
    expect(text).toContain('“Once a pupil has been identified with SEND, the school will employ a graduated approach to meeting the pupil’s needs.”');
    const json = JSON.stringify(card);
    const quote = view.citations[0];
    if (quote?.kind !== 'quote') throw new Error('expected a quote');
    expect(json).toContain(`"selectAction":{"type":"Action.Submit","title":"Show the whole section","tooltip":"Show the whole section","data":{"action":"showSection","sectionId":"${quote.sectionId}","v":1}}`);
  });

  it('says where the trust’s policy is silent and points to its SENDCo', () => {
    let state = catalogue.start('next-step', 'leading-learners');
    const result = catalogue.step(state, { kind: 'choice', choice: 'annual-review' });
    if (result.status !== 'moved') throw new Error('did not move');
    state = result.state;
    const text = cardToText(dialogCard(catalogue.view(state))).text;
    expect(text).toContain('The Leading Learners policy does not describe EHC plan annual reviews. Ask your SENCO.');
    expect(text).not.toContain('“');
  });

  it('shows the page number on tour pages and Next first among the buttons', () => {
    let state = catalogue.start('induction', 'southport');
    const result = catalogue.step(state, { kind: 'choice', choice: 'sendco' });
    if (result.status !== 'moved') throw new Error('did not move');
    state = result.state;
    const rendered = cardToText(dialogCard(catalogue.view(state)));
    expect(rendered.text).toContain('Your role as SENDCo');
    expect(rendered.text).toContain('Page 1 of 6');
    expect(rendered.actions.map((a) => a.title)).toEqual(['Next', 'Skip', 'Back', 'Start again', 'Cancel']);
  });
});
