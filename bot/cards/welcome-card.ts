/** The welcome card, sent once when the app is installed in a personal chat, group chat or team. */
import { AdaptiveCard, TextBlock } from '@microsoft/teams.cards';
import type { Trust } from '../../src/knowledge/types.js';
import type { DialogSummary } from '../dialogs/dialog-router.js';
import { button, privacyNote } from './card-parts.js';
import { exampleQuestions, howToAsk } from './help-card.js';
import type { ConversationScope } from './help-card.js';

/** What the welcome card shows. */
export interface WelcomeCardInput {
  botName: string;
  /** The trust answers come from; absent when the user will be asked to choose, or the tenant is not set up. */
  trust?: Pick<Trust, 'displayName'>;
  dialogs: readonly DialogSummary[];
  scope: ConversationScope;
}

/** Build the welcome card. */
export function welcomeCard({ botName, trust, dialogs, scope }: WelcomeCardInput): AdaptiveCard {
  const source = trust
    ? `I answer from **${trust.displayName}'s** SEND policy.`
    : "I answer from your trust's SEND policy.";
  const card = new AdaptiveCard(
    new TextBlock(`Hello, I'm ${botName}`, { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }),
    new TextBlock(
      `Ask me about SEND (special educational needs and disabilities) and I'll quote your trust's policy word for word, with the section it comes from. ${source}`,
      { wrap: true },
    ),
    new TextBlock(`${howToAsk(scope, botName)} For example: "${exampleQuestions[0]}"`, { wrap: true, spacing: 'Medium' }),
    ...(dialogs.length > 0
      ? [new TextBlock('I can also walk you through guided dialogs, such as deciding whether a need is SEND or another factor.', { wrap: true })]
      : []),
    new TextBlock(privacyNote, { wrap: true, isSubtle: true, size: 'Small', spacing: 'Large' }),
  ).withFallbackText(`Hello, I'm ${botName}. ${privacyNote}`);
  card.withActions(
    button('Help', { action: 'help' }),
    ...(dialogs.length > 0 ? [button('Guided dialogs', { action: 'listDialogs' })] : []),
  );
  return card;
}
