/** The card for whatever step of a guided dialog is on screen. */
import type { AdaptiveCard } from '@microsoft/teams.cards';
import type { DialogView } from '../../src/dialogs/types.js';
import { dialogOutcomeCard } from './dialog-outcome-card.js';
import { dialogStepCard } from './dialog-step-card.js';

/** The outcome card at the end of a dialog, the step card before it. */
export function dialogCard(view: DialogView): AdaptiveCard {
  return view.step.kind === 'outcome' ? dialogOutcomeCard(view) : dialogStepCard(view);
}
