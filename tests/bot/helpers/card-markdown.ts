/**
 * What Teams' Markdown would make of a card's TextBlocks: the lines it would read
 * as a list item ("1. ", "2) ", "- ", "* ", "+ ") or a heading or quote ("# ", "> ").
 * RichTextBlocks are not Markdown and are not looked at.
 */
import { z } from 'zod';

const markdownBlock = /^\s*(\d+[.)]|[-*+]|#+|>)[ \t]/;
const textBlock = z.looseObject({ type: z.literal('TextBlock'), text: z.string() });

/** Every TextBlock text of a card (body, containers, columns, actions' cards), in order. */
export function textBlockTexts(card: unknown): string[] {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const block = textBlock.safeParse(node);
    if (block.success) texts.push(block.data.text);
    Object.values(node).forEach(visit);
  };
  visit(JSON.parse(JSON.stringify(card)));
  return texts;
}

/** The lines of a card's TextBlocks that Markdown would turn into a list item, heading or quote. */
export function markdownBlockLines(card: unknown): string[] {
  return textBlockTexts(card)
    .flatMap((text) => text.split('\n'))
    .filter((line) => markdownBlock.test(line));
}
