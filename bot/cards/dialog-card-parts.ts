/**
 * Pieces shared by the guided dialog cards: quotes from the trust's policy with
 * their heading and policy name, "not covered" notes that point to the SENDCo,
 * and the buttons, in the order the terminal chat numbers them (choices first).
 */
import { ActionSet, Container, RichTextBlock, SubmitAction, TextBlock, TextRun } from '@microsoft/teams.cards';
import type { CardElement } from '@microsoft/teams.cards';
import type { DialogView, ViewAction, ViewCitation } from '../../src/dialogs/types.js';
import { actionData } from './card-actions.js';
import { asWritten, button, headingTrail } from './card-parts.js';

/** The button for one of the view's actions. */
export function dialogButton(view: Pick<DialogView, 'dialog' | 'step'>, action: ViewAction): SubmitAction {
  if (action.kind === 'choice') {
    return button(action.label, { action: 'dialogChoice', dialog: view.dialog.id, step: view.step.id, choice: action.id });
  }
  const style = action.nav === 'next' ? 'positive' : undefined;
  return button(action.label, { action: 'dialogNav', dialog: view.dialog.id, nav: action.nav, step: view.step.id }, style);
}

/**
 * Choice buttons, one per row so long labels are never cut: they come first in the
 * card, so their numbers in the terminal chat match the choices' order.
 */
export function choiceRows(view: DialogView): ActionSet[] {
  return view.actions.filter((a) => a.kind === 'choice').map((a) => new ActionSet(dialogButton(view, a)));
}

/** Navigation buttons (next, skip, back, start again, cancel), for the card's own actions. */
export function navButtons(view: DialogView): SubmitAction[] {
  return view.actions.filter((a) => a.kind === 'nav').map((a) => dialogButton(view, a));
}

type Quote = Extract<ViewCitation, { kind: 'quote' }>;

/**
 * Quotes from one section under one label: label and heading path, then the words
 * exactly as the policy has them. Selecting the block shows the whole section.
 */
function quoteBlock(quotes: readonly [Quote, ...Quote[]]): Container {
  const [first] = quotes;
  const heading = asWritten(`${first.label ? `${first.label} · ` : ''}${headingTrail(first.headingPath)}`);
  return new Container(
    new TextBlock(heading, { size: 'Small', weight: 'Bolder', wrap: true, isSubtle: true }),
    ...quotes.flatMap((q) => quoteLines(q.quote)),
  )
    .withStyle('emphasis')
    .withSpacing('Small')
    .withSelectAction(
      new SubmitAction({ title: 'Show the whole section', tooltip: 'Show the whole section' }).withData(
        actionData({ action: 'showSection', sectionId: first.sectionId }),
      ),
    );
}

/** A quote as the policy lays it out (list items on their own lines), in quotation marks, as written. */
function quoteLines(quote: string): RichTextBlock[] {
  const lines = quote
    .split(/\n+/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.map((line, i) => {
    const text = `${i === 0 ? '“' : ''}${line}${i === lines.length - 1 ? '”' : ''}`;
    const block = new RichTextBlock().withInlines(new TextRun(text).withItalic(true));
    return i === 0 ? block : block.withSpacing('None');
  });
}

/** Consecutive quotes from the same section under the same label, as groups. */
function groupQuotes(quotes: readonly Quote[]): Array<[Quote, ...Quote[]]> {
  const groups: Array<[Quote, ...Quote[]]> = [];
  for (const quote of quotes) {
    const last = groups.at(-1);
    if (last && last[0].sectionId === quote.sectionId && last[0].label === quote.label) last.push(quote);
    else groups.push([quote]);
  }
  return groups;
}

/** A point the policy does not cover, with the pointer to the SENDCo it carries. */
function gapBlock(citation: Extract<ViewCitation, { kind: 'gap' }>): Container {
  return new Container(
    new TextBlock(`⚠ ${citation.label ? `${citation.label}, not in the policy: ` : 'Not in the policy: '}${citation.text}`, { wrap: true, size: 'Small', color: 'Warning' }),
  )
    .withStyle('warning')
    .withSpacing('Small');
}

/**
 * The citations of a step, grouped under the policy they come from ("From …"),
 * with the policy's gaps after the quotes.
 */
export function citationBlocks(citations: readonly ViewCitation[], title = 'From your policy'): CardElement[] {
  if (citations.length === 0) return [];
  const quotes = citations.filter((c) => c.kind === 'quote');
  const gaps = citations.filter((c) => c.kind === 'gap');
  const documents = [...new Set(quotes.map((q) => q.document))];
  const blocks: CardElement[] = [new TextBlock(title, { weight: 'Bolder', wrap: true, spacing: 'Medium' })];
  for (const document of documents) {
    blocks.push(new TextBlock(`From ${document}`, { size: 'Small', isSubtle: true, wrap: true, spacing: 'None' }));
    for (const group of groupQuotes(quotes.filter((q) => q.document === document))) blocks.push(quoteBlock(group));
  }
  for (const gap of gaps) blocks.push(gapBlock(gap));
  return blocks;
}
