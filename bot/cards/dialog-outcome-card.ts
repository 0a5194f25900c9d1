/**
 * The card at the end of a guided dialog: what the answers point to, the next
 * concrete steps, the trust's policy quoted for who does what and when (or where
 * it is silent, a pointer to the SENDCo), the answers given with the quotes behind
 * them, and Back / Start again / Done.
 */
import { AdaptiveCard, Fact, FactSet, TextBlock } from '@microsoft/teams.cards';
import type { CardElement } from '@microsoft/teams.cards';
import type { DialogView } from '../../src/dialogs/types.js';
import { citationBlocks, navButtons } from './dialog-card-parts.js';

/** Build the card for an outcome. */
export function dialogOutcomeCard(view: DialogView): AdaptiveCard {
  const body: CardElement[] = [
    new TextBlock(view.dialog.title, { size: 'Small', isSubtle: true, wrap: true }),
    new TextBlock(view.title, { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading', spacing: 'None' }),
  ];
  if (view.text) body.push(new TextBlock(view.text, { wrap: true }));
  if (view.nextSteps && view.nextSteps.length > 0) {
    body.push(
      new TextBlock('Next steps', { weight: 'Bolder', wrap: true, spacing: 'Medium' }),
      new TextBlock(view.nextSteps.map((s, i) => `${i + 1}. ${s}`).join('\n'), { wrap: true, spacing: 'Small' }),
    );
  }
  body.push(...citationBlocks(view.citations, `What ${view.trust.name}'s policy says`));
  if (view.tour) {
    const facts = [new Fact('Read', String(view.tour.read.length))];
    if (view.tour.skipped.length > 0) facts.push(new Fact('Skipped', view.tour.skipped.join('; ')));
    body.push(new TextBlock('Your tour', { weight: 'Bolder', wrap: true, spacing: 'Medium' }), new FactSet(...facts));
  }
  const answers = view.answers ?? [];
  if (answers.length > 0) {
    body.push(
      new TextBlock('Your answers', { weight: 'Bolder', wrap: true, spacing: 'Medium' }),
      new FactSet(...answers.map((a) => new Fact(a.question, a.answer))),
    );
    const behind = answers.flatMap((a) => a.citations);
    if (behind.length > 0) body.push(...citationBlocks(behind, 'Behind your answers'));
  }
  return new AdaptiveCard(...body)
    .withVersion('1.5')
    .withActions(...navButtons(view))
    .withFallbackText(`${view.dialog.title}: ${view.title}`);
}
