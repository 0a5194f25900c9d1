/**
 * The card for a question the trust's policy does not answer: says so plainly,
 * names who to ask, and offers the guided dialogs.
 */
import { AdaptiveCard, TextBlock } from '@microsoft/teams.cards';
import type { Trust } from '../../src/knowledge/types.js';
import type { DialogSummary } from '../dialogs/dialog-router.js';
import { dialogSection } from './dialog-buttons.js';

/** What the not-covered card shows. */
export interface NotCoveredCardInput {
  trust: Pick<Trust, 'displayName' | 'sendcoRole'>;
  /** Guided dialogs the trust's staff can start. */
  dialogs: readonly DialogSummary[];
}

/** Build the card saying the policy does not cover the question. */
export function notCoveredCard({ trust, dialogs }: NotCoveredCardInput): AdaptiveCard {
  return new AdaptiveCard(
    new TextBlock("Your trust's SEND policy doesn't cover that", { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }),
    new TextBlock(
      `I searched ${trust.displayName}'s SEND policy and found no passage that answers your question. I only quote the policy, so I won't guess.`,
      { wrap: true },
    ),
    new TextBlock(`**Who to ask:** your school's ${trust.sendcoRole}.`, { wrap: true, spacing: 'Medium' }),
    new TextBlock('You could also ask again with the words the policy might use, such as "SEN support", "EHC plan" or "graduated approach".', {
      wrap: true,
      isSubtle: true,
      spacing: 'Medium',
    }),
    ...dialogSection('Or work it through step by step', dialogs),
  ).withFallbackText(`Your trust's SEND policy doesn't cover that. Ask your school's ${trust.sendcoRole}.`);
}
