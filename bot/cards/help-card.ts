/** The help card: how to ask, example questions, the commands and the guided dialogs. */
import { AdaptiveCard, TextBlock } from '@microsoft/teams.cards';
import type { Trust } from '../../src/knowledge/types.js';
import { commands } from '../commands.js';
import type { DialogSummary } from '../dialogs/dialog-router.js';
import { button, privacyNote } from './card-parts.js';
import { dialogSection } from './dialog-buttons.js';

/** Where the conversation happens, which changes how to ask. */
export type ConversationScope = 'personal' | 'groupChat' | 'channel';

/** Example questions shown to new users. */
export const exampleQuestions = [
  'What does the SENDCo do?',
  'How are pupils with SEN identified?',
  'What is an EHC plan?',
  'How are parents involved in SEN support?',
] as const;

/** What the help card shows. */
export interface HelpCardInput {
  /** The trust answers come from, when it is known. */
  trust?: Pick<Trust, 'displayName'>;
  /** True when the user may pick another trust. */
  canChangeTrust: boolean;
  dialogs: readonly DialogSummary[];
  scope: ConversationScope;
  /** The bot's name, for "mention me" in group chats and channels. */
  botName: string;
}

/** How to ask, for the scope. */
export function howToAsk(scope: ConversationScope, botName: string): string {
  return scope === 'personal'
    ? 'Type a question in your own words.'
    : `Mention me (@${botName}) with your question, and I'll reply in the thread.`;
}

/** Build the help card. */
export function helpCard({ trust, canChangeTrust, dialogs, scope, botName }: HelpCardInput): AdaptiveCard {
  const source = trust ? `${trust.displayName}'s SEND policy` : "your trust's SEND policy";
  const card = new AdaptiveCard(
    new TextBlock('How I can help', { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }),
    new TextBlock(
      `I answer questions about ${source} by quoting it word for word: the passage that answers you, the section it is in, and whether the policy is due for review. ${howToAsk(scope, botName)}`,
      { wrap: true },
    ),
    new TextBlock('For example', { weight: 'Bolder', wrap: true, spacing: 'Medium' }),
    ...exampleQuestions.map((q) => new TextBlock(`- ${q}`, { wrap: true, spacing: 'None' })),
    new TextBlock('Commands', { weight: 'Bolder', wrap: true, spacing: 'Medium' }),
    ...commands.map((c) => new TextBlock(`**${c.title}**: ${c.description}`, { wrap: true, spacing: 'None' })),
    ...dialogSection('Guided dialogs', dialogs),
    new TextBlock(privacyNote, { wrap: true, isSubtle: true, size: 'Small', spacing: 'Large' }),
  ).withFallbackText(`I answer questions about ${source} by quoting it.`);
  if (canChangeTrust) card.withActions(button('Change trust', { action: 'changeTrust' }));
  return card;
}
