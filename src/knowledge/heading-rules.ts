/**
 * Which lines of a one-paragraph-per-line policy are headings. Such exports
 * (Word documents saved as text, numbered clause documents, Markdown without
 * `#`) lose their heading styles, so headings are recognised by shape: a short
 * title-like line, a numbered title (`1. Aims:`, `2.0 Scope`, `2.6 Legal
 * Framework`), a line Word bookmarked, or an appendix title.
 */
import { BULLET, NUMBERED, capitalisedShare, type Block } from './blocks.js';

/** Words that never end a heading: a line ending in one was cut mid-phrase. */
const DANGLING = /\b(?:and|or|of|the|a|an|to|in|for|with|by|on|at|from|as|is|are|be|that|which|their|its|this|these|nor)$/i;
const APPENDIX = /^appendix\b/i;
const TITLE_WORD = /\bpolicy\b/i;

/** How a heading is numbered. */
export type HeadingNumbering =
  | { kind: 'numbered'; number: number }
  | { kind: 'clause'; number: number; sub: number }
  | { kind: 'appendix' }
  | { kind: 'plain' };

/** The numbering of a heading: `3.` / `3.0` / `3` (numbered), `2.6` (clause), `Appendix 1` or none. */
export function headingNumbering(text: string): HeadingNumbering {
  if (APPENDIX.test(text)) return { kind: 'appendix' };
  const match = NUMBERED.exec(text);
  if (match?.[1] !== undefined) {
    const number = Number(match[1]);
    const sub = match[2] === undefined ? 0 : Number(match[2]);
    return sub === 0 ? { kind: 'numbered', number } : { kind: 'clause', number, sub };
  }
  return { kind: 'plain' };
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** True when a line looks like a document title: short, not numbered, naming a policy. */
export function isTitleLine(text: string): boolean {
  const t = text.trim();
  const words = wordCount(t);
  return (
    TITLE_WORD.test(t) &&
    words >= 3 &&
    words <= 14 &&
    !NUMBERED.test(t) &&
    !/[.;,:]$/.test(t) &&
    !/:\s/.test(t) &&
    capitalisedShare(t) >= 0.6
  );
}

/** Index of the title among the blocks before the first heading, or -1. */
export function findTitle(blocks: Block[]): number {
  for (let i = 0; i < Math.min(blocks.length, 15); i++) {
    const block = blocks[i];
    if (!block || block.kind === 'heading' || NUMBERED.test(block.text)) return -1;
    if (block.kind === 'paragraph' && isTitleLine(block.text)) return i;
  }
  return -1;
}

/** True when the text has the shape of a heading (length, capital start, no sentence ending). */
function headingShape(text: string, numbering: HeadingNumbering): boolean {
  const title = numbering.kind === 'plain' ? text : text.replace(NUMBERED, '');
  const words = wordCount(title);
  const maxWords = numbering.kind === 'numbered' ? 18 : numbering.kind === 'clause' ? 8 : 12;
  if (words === 0 || words > maxWords || text.length > 130) return false;
  if (!/^[\p{Lu}\d]/u.test(title) || !/\p{L}/u.test(title)) return false;
  if (/[.,;!?]$/.test(text) || DANGLING.test(text.replace(/:$/, ''))) return false;
  if (numbering.kind === 'plain' && /:\s/.test(text)) return false;
  return true;
}

/** A lead-in sentence that opens a list written as plain lines (`…This might involve the pupil:`). */
function isLeadIn(block: Block): boolean {
  return block.text.endsWith(':') && (block.kind === 'item' || (block.kind === 'paragraph' && wordCount(block.text) > 6));
}

/**
 * Short unpunctuated lines after a lead-in ending in `:` are list items
 * written without bullets (`…This might involve the pupil:` / `Explaining what
 * their strengths are` / …); mark them as items so they stay with the lead-in.
 */
export function markPlainLists(blocks: Block[], start = 0): Block[] {
  let inList = false;
  for (let i = start; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block || block.contents) continue;
    const numbering = headingNumbering(block.text);
    const plainLine =
      block.kind === 'paragraph' &&
      !block.bookmarked &&
      numbering.kind === 'plain' &&
      !/[.;:!?]$/.test(block.text) &&
      wordCount(block.text) <= 14;
    if (inList && plainLine) {
      block.kind = 'item';
      continue;
    }
    inList = isLeadIn(block);
  }
  return blocks;
}

/**
 * Mark the headings of a one-paragraph-per-line policy. Lines before the
 * contents list (the title page) and the title itself are never headings.
 * Short unpunctuated lines after a lead-in ending in `:` are list items
 * written without bullets, not headings.
 */
export function classifyHeadings(blocks: Block[]): Block[] {
  const contentsAt = blocks.findIndex((b) => b.contents === true && b.kind === 'heading');
  const titleAt = findTitle(blocks);
  const start = Math.max(contentsAt, titleAt) + 1;

  markPlainLists(blocks, start);

  // Headings, from the end so each line knows what follows it.
  for (let i = blocks.length - 1; i >= start; i--) {
    const block = blocks[i];
    if (!block || block.kind !== 'paragraph' || block.contents) continue;
    const next = blocks[i + 1];
    const numbering = headingNumbering(block.text);
    if (!headingShape(block.text, numbering)) continue;
    if (BULLET.test(block.text) || next === undefined) continue;
    const colon = block.text.endsWith(':');
    let heading: boolean;
    if (numbering.kind === 'numbered' || numbering.kind === 'appendix') {
      heading = !colon || next.kind !== 'row';
    } else if (colon) {
      const title = numbering.kind === 'clause' ? block.text.replace(NUMBERED, '') : block.text;
      heading = wordCount(title) <= 6 && capitalisedShare(title) >= 0.5 && next.kind === 'paragraph';
    } else if (block.bookmarked) {
      heading = true;
    } else {
      heading = next.kind === 'paragraph' || next.kind === 'heading' || next.kind === 'row';
    }
    if (heading) block.kind = 'heading';
  }
  return blocks;
}
