/**
 * Folding a list that a Word or PDF export turned into headings back into
 * one section. A role described as "1. Strategic Planning & Oversight:" with
 * two bullets, "2. Compliance & Quality Assurance:" with two more, and so on,
 * is one list of duties: cut into a section per number, a question about the
 * role finds only its introduction, and each duty alone is too short to answer
 * it.
 */
import type { Block } from './blocks.js';
import type { OutlinePart } from './outline.js';
import { TARGET_SECTION_CHARS } from './section-text.js';

/** Longest subsection, in characters of text, that counts as one item of a list. */
export const LIST_ITEM_SECTION_CHARS = 300;

/**
 * `parts` with every run of list-like subsections folded into the part above
 * them: a part whose subsections are at least two, have none of their own, each
 * hold at most {@link LIST_ITEM_SECTION_CHARS} characters, and together with it
 * fit in {@link TARGET_SECTION_CHARS}. Each subsection's heading becomes a line
 * of the text, followed by its own text, verbatim.
 */
export function foldListSubsections(parts: readonly OutlinePart[]): OutlinePart[] {
  const out: OutlinePart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) continue;
    const children = listChildren(parts, i);
    if (children === undefined) {
      out.push(part);
      continue;
    }
    const blocks = [...part.blocks];
    for (const child of children) {
      blocks.push(headingLine(child), ...child.blocks);
    }
    out.push({ ...part, blocks });
    i += children.length;
  }
  return out;
}

/** The subsections directly after `parts[i]` when they are a list to fold into it. */
function listChildren(parts: readonly OutlinePart[], i: number): OutlinePart[] | undefined {
  const parent = parts[i];
  if (parent === undefined || parent.contents === true || !parent.ownsHeading || parent.headingPath.length === 0) return undefined;
  const depth = parent.headingPath.length;
  const children: OutlinePart[] = [];
  for (let j = i + 1; j < parts.length; j++) {
    const next = parts[j];
    if (next === undefined || !startsWith(next.headingPath, parent.headingPath)) break;
    if (next.headingPath.length > depth + 1 || next.blocks.length === 0 || textLength(next.blocks) > LIST_ITEM_SECTION_CHARS) return undefined;
    children.push(next);
  }
  if (children.length < 2) return undefined;
  const total = textLength(parent.blocks) + children.reduce((sum, c) => sum + (c.headingPath.at(-1)?.length ?? 0) + textLength(c.blocks), 0);
  return total <= TARGET_SECTION_CHARS ? children : undefined;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return path.length > prefix.length && prefix.every((h, k) => path[k] === h);
}

function textLength(blocks: readonly Block[]): number {
  return blocks.reduce((sum, b) => sum + b.text.length, 0);
}

/** A subsection's heading as a line of its parent's text. */
function headingLine(part: OutlinePart): Block {
  return { kind: 'paragraph', text: part.headingPath.at(-1) ?? '', blankBefore: true };
}
