/**
 * The quote card a person inserts into a chat from the policy search in the
 * compose box: one section of their trust's policy, verbatim, with its heading
 * path, the policy's name and dates, and a warning when the policy is past review.
 * It carries no buttons: it is read by everyone in the chat, bot installed or not.
 */
import { AdaptiveCard, Column, ColumnSet, Container, RichTextBlock, TextBlock, TextRun } from '@microsoft/teams.cards';
import type { CardElement } from '@microsoft/teams.cards';
import type { PolicyStatus } from '../../src/answers/types.js';
import type { Section, Trust } from '../../src/knowledge/types.js';
import { headingLine, headingTrail, policyFacts, reviewWarning, shorten } from './card-parts.js';

/** A quote longer than this many characters is cut at a paragraph boundary. */
export const MAX_QUOTE_CHARS = 2_400;

/** What the quote card shows. */
export interface QuoteCardInput {
  trust: Pick<Trust, 'displayName' | 'sendcoRole'>;
  section: Pick<Section, 'document' | 'headingPath' | 'text'>;
  /** Review status of the section's policy, when known. */
  policy: PolicyStatus | undefined;
}

/**
 * The section's paragraphs that fit in {@link MAX_QUOTE_CHARS}, whole and in order
 * (always at least the first), and whether any were left out.
 */
export function quoteParagraphs(text: string, max = MAX_QUOTE_CHARS): { paragraphs: string[]; cut: boolean } {
  const all = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const paragraphs: string[] = [];
  let length = 0;
  for (const paragraph of all) {
    if (paragraphs.length > 0 && length + paragraph.length > max) break;
    paragraphs.push(paragraph);
    length += paragraph.length;
  }
  return { paragraphs, cut: paragraphs.length < all.length };
}

const bulletMarker = /^(\s*)[-*•·▪◦]\s+/;

/**
 * The quoted paragraphs as card elements, exactly as written: one block per line,
 * list items with a hanging bullet (a nested item gets a hollow one), lines of a
 * paragraph close together and paragraphs apart. RichTextBlocks, so nothing in
 * the policy's text is read as Markdown.
 */
export function quoteBlocks(paragraphs: readonly string[]): CardElement[] {
  return paragraphs.flatMap((paragraph, p) =>
    paragraph
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line, i): CardElement => {
        const spacing = i > 0 ? 'Small' : p > 0 ? 'Default' : 'None';
        const bullet = bulletMarker.exec(line);
        if (!bullet) return new RichTextBlock({ spacing }).withInlines(new TextRun(line.trim()));
        const nested = (bullet[1] ?? '').length >= 2;
        return new ColumnSet({ spacing }).withColumns(
          new Column(new TextBlock(nested ? '◦' : '•', { wrap: false })).withWidth('auto').withSpacing('None'),
          new Column(new RichTextBlock().withInlines(new TextRun(line.slice(bullet[0].length).trim()))).withWidth('stretch').withSpacing('Small'),
        );
      }),
  );
}

/** Build the quote card for one section. */
export function quoteCard({ trust, section, policy }: QuoteCardInput): AdaptiveCard {
  const heading = headingTrail(section.headingPath);
  const { paragraphs, cut } = quoteParagraphs(section.text);
  const quoted = paragraphs.join('\n\n');
  const body = [
    new TextBlock(`Quoted from ${trust.displayName}'s SEND policy`, { size: 'Small', isSubtle: true, wrap: true }),
    new TextBlock(headingLine(section.headingPath), { style: 'heading', weight: 'Bolder', size: 'Medium', wrap: true, spacing: 'Small' }),
    new Container(...quoteBlocks(paragraphs)).withStyle('emphasis').withSpacing('Small'),
  ];
  if (cut) {
    body.push(
      new TextBlock('The section continues in the policy.', { size: 'Small', isSubtle: true, wrap: true, spacing: 'Small' }),
    );
  }
  return new AdaptiveCard(...body, policyFacts(section.document, policy), ...reviewWarning(policy, trust.sendcoRole))
    .withVersion('1.5')
    .withMsteams({ width: 'full' })
    // Short: search results carry one card each, and clients without cards show only a glimpse.
    .withFallbackText(`${heading} (${trust.displayName} SEND policy): ${shorten(quoted.replace(/\s+/g, ' '), 300)}`);
}
