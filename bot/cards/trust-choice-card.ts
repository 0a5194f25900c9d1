/** The card asking which trust's policy to answer from (several trusts share a tenant, or local use). */
import { AdaptiveCard, TextBlock } from '@microsoft/teams.cards';
import type { Trust } from '../../src/knowledge/types.js';
import { button, buttonRows } from './card-parts.js';

/** What the trust choice card shows. */
export interface TrustChoiceCardInput {
  trusts: readonly Pick<Trust, 'id' | 'displayName'>[];
  /** The trust in use now, when the choice is being changed. */
  current?: Pick<Trust, 'displayName'>;
  /** The question that prompted the choice; answered once a trust is picked. */
  question?: string;
}

/** Build the trust choice card: one button per trust. */
export function trustChoiceCard({ trusts, current, question }: TrustChoiceCardInput): AdaptiveCard {
  const intro = current
    ? `I'm answering from ${current.displayName}'s SEND policy. Pick another trust if that's not yours.`
    : "I answer from one trust's SEND policy at a time. Pick the trust you work for and I'll remember it. You can change it later with \"change trust\".";
  return new AdaptiveCard(
    new TextBlock('Which trust do you work for?', { weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }),
    new TextBlock(intro, { wrap: true }),
    ...buttonRows(trusts.map((t) => button(t.displayName, { action: 'chooseTrust', trust: t.id, ...(question ? { question } : {}) }))),
  ).withFallbackText('Which trust do you work for?');
}
