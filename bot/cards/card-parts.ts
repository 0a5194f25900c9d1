/**
 * Pieces shared by the bot's cards: policy facts, the review warning, buttons that
 * carry {@link CardActionData}, and verbatim text that Markdown cannot alter.
 */
import { ActionSet, Container, Fact, FactSet, RichTextBlock, SubmitAction, TextBlock, TextRun } from '@microsoft/teams.cards';
import type { AdaptiveCard, CardElement } from '@microsoft/teams.cards';
import type { Attachment } from 'botbuilder';
import type { PolicyStatus } from '../../src/answers/types.js';
import { actionData } from './card-actions.js';
import type { CardAction } from './card-actions.js';

/** Content type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Wrap a card as a message attachment. */
export function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/** A button that sends `action` back to the bot (arrives as a message whose `value` is the payload). */
export function button(title: string, action: CardAction, style?: 'positive' | 'destructive'): SubmitAction {
  const submit = new SubmitAction({ title: shorten(title, 80) }).withData(actionData(action));
  return style ? submit.withStyle(style) : submit;
}

/**
 * Buttons laid out in rows of at most `perRow`. One per row (the default) keeps long
 * titles readable: Teams cuts button titles short when a row runs out of width.
 */
export function buttonRows(buttons: SubmitAction[], perRow = 1): ActionSet[] {
  const rows: ActionSet[] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(new ActionSet(...buttons.slice(i, i + perRow)));
  return rows;
}

/** Text shown exactly as written: a RichTextBlock per paragraph, so `*`, `#` or `1.` are not read as Markdown. */
export function verbatim(text: string): RichTextBlock[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => new RichTextBlock().withInlines(new TextRun(p)));
}

/** A heading as shown: without the colon some policies end their headings with. */
function shownHeading(heading: string): string {
  return heading.replace(/\s*:\s*$/, '');
}

/**
 * A line for a TextBlock, shown as written. Teams reads Markdown in TextBlocks, so a
 * heading such as "11. Identification of SEN" would become a list item (renumbered,
 * indented, no longer a heading), and one starting "- ", "* ", "+ ", "# " or "> " a
 * bullet, heading or quote. A no-break space after the marker reads and sounds the
 * same and is not Markdown.
 */
export function asWritten(line: string): string {
  return line.replace(/^(\s*)(\d+[.)]|[-*+#>]+)[ \t]+/, '$1$2\u00A0');
}

/** A heading path as plain text, e.g. "3. Roles and Responsibilities › SENDCo", for fallback text and speech. */
export function headingTrail(headingPath: readonly string[]): string {
  return headingPath.length > 0 ? headingPath.map(shownHeading).join(' › ') : 'Policy text';
}

/**
 * A heading path as the text of a TextBlock: {@link headingTrail} made safe from
 * Markdown with {@link asWritten}, e.g. "3.\u00A0Roles and Responsibilities › SENDCo".
 */
export function headingLine(headingPath: readonly string[]): string {
  return asWritten(headingTrail(headingPath));
}

/** The last heading of a path, for a button title. */
export function lastHeading(headingPath: readonly string[]): string {
  const last = headingPath.at(-1);
  return last === undefined ? 'Policy text' : shownHeading(last);
}

/** Cut `text` to at most `max` characters at a word boundary, with an ellipsis. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Most dates kept formatted; the policies' few dates come up on every answer card. */
const MAX_READABLE_DATES = 1_000;
const readableDates = new Map<string, string>();

/** An ISO date as staff read it, e.g. "1 December 2026"; other text is returned unchanged. */
export function readableDate(iso: string): string {
  let readable = readableDates.get(iso);
  if (readable === undefined) {
    const at = new Date(`${iso}T00:00:00Z`);
    readable = /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(at.getTime()) ? dateFormat.format(at) : iso;
    if (readableDates.size >= MAX_READABLE_DATES) readableDates.clear();
    readableDates.set(iso, readable);
  }
  return readable;
}

/** Policy name and dates as facts. */
export function policyFacts(document: string, status: PolicyStatus | undefined): FactSet {
  const facts = [new Fact('Policy', document)];
  if (status?.policyDate) facts.push(new Fact('Dated', readableDate(status.policyDate)));
  if (status?.reviewDate) facts.push(new Fact('Review due', readableDate(status.reviewDate)));
  return new FactSet(...facts).withSpacing('Medium');
}

/** The warning shown when a policy is past its review date, or nothing. */
export function reviewWarning(status: PolicyStatus | undefined, sendcoRole: string): CardElement[] {
  if (!status?.pastReview) return [];
  const due = status.reviewDate ? ` on ${readableDate(status.reviewDate)}` : '';
  return [
    new Container(
      new TextBlock(`⚠ This policy was due for review${due}. Check with your school's ${sendcoRole} that it is still current.`, {
        wrap: true,
        color: 'Attention',
        weight: 'Bolder',
      }),
    )
      .withStyle('attention')
      .withSpacing('Medium'),
  ];
}

/** A small, subtle line naming whose policy the card quotes. */
export function sourceLine(trustName: string): TextBlock {
  return new TextBlock(`From ${trustName}'s SEND policy`, { size: 'Small', isSubtle: true, wrap: true });
}

/** The privacy reminder shown on the welcome and help cards. */
export const privacyNote = "Please don't type pupils' names or other personal details. Your messages aren't stored.";
