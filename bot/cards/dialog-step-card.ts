/**
 * The card for a question or a tour page of a guided dialog: title, prompt, the
 * trust's policy quoted for this step, the choices as buttons (one per row, first
 * in the card so the terminal chat numbers them 1, 2, …), then Next / Skip / Back /
 * Start again / Cancel.
 */
import { AdaptiveCard, TextBlock } from '@microsoft/teams.cards';
import type { CardElement } from '@microsoft/teams.cards';
import type { DialogView } from '../../src/dialogs/types.js';
import { choiceRows, citationBlocks, navButtons } from './dialog-card-parts.js';

/** Build the card for a question or tour page. */
export function dialogStepCard(view: DialogView): AdaptiveCard {
  const body: CardElement[] = [
    new TextBlock(view.dialog.title, { size: 'Small', isSubtle: true, wrap: true }),
    new TextBlock(view.title, { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading', spacing: 'None' }),
  ];
  if (view.progress) {
    body.push(new TextBlock(`Page ${view.progress.position} of ${view.progress.total}`, { size: 'Small', isSubtle: true, spacing: 'None' }));
  }
  if (view.note) body.push(new TextBlock(view.note, { wrap: true, size: 'Small', color: 'Accent' }));
  if (view.text) body.push(new TextBlock(view.text, { wrap: true }));
  body.push(...citationBlocks(view.citations, view.step.kind === 'info' ? `From ${view.trust.name}'s policy` : 'What your policy says'));
  const choices = choiceRows(view);
  if (choices.length > 0) {
    body.push(new TextBlock('Choose one:', { weight: 'Bolder', wrap: true, spacing: 'Medium' }), ...choices);
  }
  return new AdaptiveCard(...body)
    .withVersion('1.5')
    .withActions(...navButtons(view))
    .withFallbackText(`${view.dialog.title}: ${view.title}`);
}
