/**
 * From a policy's blocks to its outline: each heading's place in the heading
 * tree, and the blocks under it.
 */
import type { Block } from './blocks.js';
import { findTitle, headingNumbering, isTitleLine, type HeadingNumbering } from './heading-rules.js';

/** One node of the outline: a heading path and the content blocks under that heading. */
export interface OutlinePart {
  headingPath: string[];
  /** The part's heading is its own (false for the preamble when the title is part of its text). */
  ownsHeading: boolean;
  blocks: Block[];
  /** True for the contents list. */
  contents?: boolean;
}

/** A policy's title and its outline. */
export interface Outline {
  title: string | undefined;
  parts: OutlinePart[];
}

interface Frame {
  heading: string;
  numbering: HeadingNumbering;
  /** Depth in the tree, from 0. */
  depth: number;
  /** Number of the last numbered heading placed directly under this frame. */
  lastNumberedChild?: number;
  /** The heading matched an entry of the contents list. */
  listed?: boolean;
  /** The heading was numbered in a sequence that started under another heading. */
  nested?: boolean;
}

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'for', 'to', 'in', 'on', 'with', 'new', 'updated']);

/** Significant words of a heading or contents entry, for matching one with the other. */
function titleWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\[updated\]/g, ' ')
    .replace(/^\s*(?:\d+(?:\.\d+)*\.?|appendix\s+\d+)\s*/, ' ')
    .replace(/\t.*$/, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !STOP.has(w) && !/^\d+$/.test(w))
    .map((w) => (w.length > 3 ? w.replace(/s$/, '') : w));
}

/** True when a heading names the same thing as a contents entry (one's words contain the other's). */
function matchesEntry(heading: string[], entry: string[]): boolean {
  if (heading.length === 0 || entry.length === 0) return false;
  const h = new Set(heading);
  const e = new Set(entry);
  const inEntry = heading.filter((w) => e.has(w)).length;
  const inHeading = entry.filter((w) => h.has(w)).length;
  return inEntry === heading.length || inHeading === entry.length;
}

/**
 * Place every heading in the tree:
 * - Markdown headings use their `#` level, except that numbered headings
 *   (`3. Roles…`) are all siblings at the level of the first one.
 * - Otherwise: a numbered heading continues the numbering of an open heading
 *   (`4.` after `3.`), or starts a new sequence under the current heading
 *   (`1. Area One` under "Definition of special educational needs"); a clause
 *   heading (`2.6`) goes under its numbered heading (`2.0`); an appendix is at
 *   the top; an unnumbered heading that the contents list names is at the
 *   top, one that follows another heading directly goes under it, and any
 *   other is a sub-heading of the open numbered or listed heading — or, in a
 *   policy without those, a top-level heading.
 */
export function buildOutline(blocks: Block[]): Outline {
  const parts: OutlinePart[] = [];
  // Body headings are matched with contents entries in order, looking a few entries ahead.
  const contentsEntries = blocks.filter((b) => b.contents && b.kind === 'row').map((b) => titleWords(b.text));
  let nextEntry = 0;
  const listed = (heading: string): boolean => {
    const words = titleWords(heading);
    for (let j = nextEntry; j < Math.min(contentsEntries.length, nextEntry + 3); j++) {
      const entry = contentsEntries[j];
      if (entry && matchesEntry(words, entry)) {
        nextEntry = j + 1;
        return true;
      }
    }
    return false;
  };

  // The title: a leading level-1 Markdown heading, or a title line of the preamble.
  let title: string | undefined;
  let titleOwned = false;
  let first = 0;
  const firstBlock = blocks[0];
  if (firstBlock?.kind === 'heading' && !firstBlock.contents && (firstBlock.level === 1 || (firstBlock.level === undefined && isTitleLine(firstBlock.text)))) {
    title = firstBlock.text;
    titleOwned = true;
    first = 1;
  } else {
    const at = findTitle(blocks);
    if (at >= 0) title = blocks[at]?.text;
  }

  const preamble: OutlinePart = { headingPath: title ? [title] : [], ownsHeading: titleOwned, blocks: [] };
  parts.push(preamble);

  const markdown = blocks.some((b) => b.kind === 'heading' && b.level !== undefined);
  const numberedLevel = Math.min(
    ...blocks.filter((b) => b.kind === 'heading' && b.level !== undefined && headingNumbering(b.text).kind === 'numbered').map((b) => b.level ?? 9),
  );
  const topIsNumbered = (() => {
    const firstHeading = blocks.find((b, i) => i >= first && b.kind === 'heading' && !b.contents);
    return firstHeading !== undefined && headingNumbering(firstHeading.text).kind !== 'plain';
  })();

  const root: Frame = { heading: '', numbering: { kind: 'plain' }, depth: -1 };
  let stack: Frame[] = [];
  let mdLevels: number[] = [];
  let current = preamble;
  let previousWasHeading = false;

  for (let i = first; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block) continue;
    if (block.kind !== 'heading') {
      current.blocks.push(block);
      previousWasHeading = false;
      continue;
    }
    const numbering = headingNumbering(block.text);
    if (block.contents) {
      stack = [];
      mdLevels = [];
      current = { headingPath: [block.text], ownsHeading: true, blocks: [], contents: true };
      parts.push(current);
      previousWasHeading = false;
      continue;
    }

    if (markdown) {
      const level = numbering.kind === 'numbered' && Number.isFinite(numberedLevel) ? numberedLevel : (block.level ?? 6);
      while (mdLevels.length > 0 && (mdLevels.at(-1) ?? 0) >= level) {
        mdLevels.pop();
        stack.pop();
      }
      mdLevels.push(level);
      stack.push({ heading: block.text, numbering, depth: stack.length });
    } else {
      const isListed = listed(block.text);
      stack = placeHeading(stack, root, { heading: block.text, numbering, depth: 0 }, {
        listed: isListed,
        afterHeading: previousWasHeading,
        topIsNumbered,
      });
    }
    current = { headingPath: stack.map((f) => f.heading), ownsHeading: true, blocks: [] };
    parts.push(current);
    previousWasHeading = true;
  }
  return { title, parts: parts.filter((p, i) => i > 0 || p.blocks.length > 0 || p.ownsHeading) };
}

function placeHeading(
  stack: Frame[],
  root: Frame,
  frame: Frame,
  context: { listed: boolean; afterHeading: boolean; topIsNumbered: boolean },
): Frame[] {
  const frames = [root, ...stack];
  const under = (parentIndex: number): Frame[] => {
    const kept = frames.slice(1, parentIndex + 1);
    frame.depth = kept.length;
    return [...kept, frame];
  };
  const { numbering } = frame;

  if (numbering.kind === 'appendix') return under(0);

  if (numbering.kind === 'numbered') {
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (f?.lastNumberedChild !== undefined && f.lastNumberedChild < numbering.number) {
        f.lastNumberedChild = numbering.number;
        frame.nested = i > 0;
        return under(i);
      }
    }
    const parent = frames.length - 1;
    const p = frames[parent];
    if (p) p.lastNumberedChild = numbering.number;
    frame.nested = parent > 0;
    return under(parent);
  }

  if (numbering.kind === 'clause') {
    for (let i = frames.length - 1; i > 0; i--) {
      const f = frames[i];
      if (f?.numbering.kind === 'numbered' && f.numbering.number === numbering.number) return under(i);
    }
    return under(frames.length - 1);
  }

  // Unnumbered headings.
  if (context.listed) {
    frame.listed = true;
    return under(0);
  }
  if (context.afterHeading && frames.length > 1) return under(frames.length - 1);
  // Close nested numbered runs and plain sub-headings; stay under a top-level numbered, listed or appendix heading.
  let parent = frames.length - 1;
  while (parent > 0) {
    const f = frames[parent];
    if (!f) break;
    const anchor =
      f.numbering.kind === 'appendix' ||
      f.listed === true ||
      ((f.numbering.kind === 'numbered' || f.numbering.kind === 'clause') && f.nested !== true && context.topIsNumbered);
    if (anchor) break;
    parent--;
  }
  return under(parent);
}
