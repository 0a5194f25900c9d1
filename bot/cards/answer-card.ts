/**
 * The answer card: the best quote from the asker's trust's policy, where it comes
 * from, a review warning, the whole section on request, related sections, the
 * guided dialog the question points to, and feedback.
 */
import { randomUUID } from 'node:crypto';
import { AdaptiveCard, ActionSet, Container, TextBlock, type CardElement } from '@microsoft/teams.cards';
import type { Citation, PolicyStatus } from '../../src/answers/types.js';
import type { Trust } from '../../src/knowledge/types.js';
import type { DialogSummary } from '../dialogs/dialog-router.js';
import { dialogSection } from './dialog-buttons.js';
import { button, buttonRows, headingLine, headingTrail, lastHeading, policyFacts, reviewWarning, shorten, sourceLine, verbatim } from './card-parts.js';

/** At most this many other sections are offered as follow-ups. */
export const MAX_FOLLOW_UPS = 4;

/** What the answer card shows. */
export interface AnswerCardInput {
  trust: Pick<Trust, 'displayName' | 'sendcoRole'>;
  /** The answer's citations, best first; the first is quoted. */
  citations: readonly Citation[];
  /** Review status of the cited policies. */
  policies: readonly PolicyStatus[];
  /** A guided dialog the question points to ("what's the next step after…"), offered after the answer. */
  dialog?: DialogSummary;
  /** Identifies this answer in its feedback buttons (one vote per person per answer); a new random id when absent. */
  answerId?: string;
}

/** The quote, after the lead-in of the list it is part of when it does not start with it, with a gap marked between. */
function quoted(citation: Citation): CardElement[] {
  if (citation.quoteLeadIn === undefined) return verbatim(citation.quote);
  return [...verbatim(citation.quoteLeadIn), new TextBlock('…', { isSubtle: true, spacing: 'None' }), ...verbatim(citation.quote)];
}

/** The quote as one line of text, for fallback text and speech. */
function quotedText(citation: Citation): string {
  return citation.quoteLeadIn === undefined ? citation.quote : `${citation.quoteLeadIn} … ${citation.quote}`;
}

/** Build the answer card for an answered question (needs at least one citation). */
export function answerCard({ trust, citations, policies, dialog, answerId = randomUUID() }: AnswerCardInput): AdaptiveCard {
  const [best, ...others] = citations;
  if (!best) throw new RangeError('answerCard: an answer card needs at least one citation');
  const status = policies.find((p) => p.document === best.document);
  const followUps = others.filter((c) => c.sectionId !== best.sectionId).slice(0, MAX_FOLLOW_UPS);

  const card = new AdaptiveCard(
    sourceLine(trust.displayName),
    new TextBlock(headingLine(best.headingPath), { weight: 'Bolder', wrap: true, style: 'heading', size: 'Medium' }),
    new Container(...quoted(best)).withStyle('emphasis').withSpacing('Small'),
    policyFacts(best.document, status),
    ...reviewWarning(status, trust.sendcoRole),
    new ActionSet(button('Show the whole section', { action: 'showSection', sectionId: best.sectionId })),
  )
    .withFallbackText(`${headingTrail(best.headingPath)}: ${quotedText(best)}`)
    .withSpeak(quotedText(best));

  if (followUps.length > 0) {
    card.body.push(
      new TextBlock('Related sections', { weight: 'Bolder', wrap: true, spacing: 'Large' }),
      ...buttonRows(followUps.map((c) => button(shorten(lastHeading(c.headingPath), 60), { action: 'showSection', sectionId: c.sectionId }))),
    );
  }
  if (dialog) card.body.push(...dialogSection('Or work it through step by step', [dialog]));
  card.body.push(new TextBlock('Was this helpful?', { isSubtle: true, size: 'Small', wrap: true, spacing: 'Large' }));
  return card.withActions(
    button('👍 Helpful', { action: 'feedback', sectionId: best.sectionId, helpful: true, answer: answerId }),
    button('👎 Not helpful', { action: 'feedback', sectionId: best.sectionId, helpful: false, answer: answerId }),
  );
}
