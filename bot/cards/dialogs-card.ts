/** The list of guided dialogs, shown for the "guided dialogs" command. */
import { AdaptiveCard, TextBlock } from '@microsoft/teams.cards';
import type { Trust } from '../../src/knowledge/types.js';
import type { DialogSummary } from '../dialogs/dialog-router.js';
import { dialogSection } from './dialog-buttons.js';

/** What the dialogs card shows. */
export interface DialogsCardInput {
  trust: Pick<Trust, 'displayName' | 'sendcoRole'>;
  dialogs: readonly DialogSummary[];
}

/** Build the card listing the guided dialogs, or saying there are none. */
export function dialogsCard({ trust, dialogs }: DialogsCardInput): AdaptiveCard {
  if (dialogs.length === 0) {
    return new AdaptiveCard(
      new TextBlock('Guided dialogs', { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }),
      new TextBlock(
        `There are no guided dialogs for ${trust.displayName} yet. Ask me a question, or talk to your school's ${trust.sendcoRole}.`,
        { wrap: true },
      ),
    ).withFallbackText('There are no guided dialogs yet.');
  }
  return new AdaptiveCard(
    new TextBlock('Guided dialogs', { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }),
    new TextBlock(`Step-by-step guides that quote ${trust.displayName}'s SEND policy at each step. Type "cancel" to leave one.`, { wrap: true }),
    ...dialogSection('Pick one', dialogs),
  ).withFallbackText('Guided dialogs');
}
