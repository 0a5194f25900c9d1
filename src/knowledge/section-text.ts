/**
 * Clean section text from blocks, and the splitting of over-long sections into
 * passage-sized parts at paragraph boundaries.
 */
import type { Block } from './blocks.js';

/** No section's text is longer than this many characters. */
export const MAX_SECTION_CHARS = 3_000;
/** Sections longer than this are split into passages. */
export const SPLIT_ABOVE_CHARS = 2_400;
/** Split sections are cut into parts of about this many characters. */
export const TARGET_SECTION_CHARS = 1_600;

/**
 * The text of a run of blocks. Paragraphs are separated by a blank line; list
 * items and table rows each take one line, and a list stays with the lead-in
 * sentence (ending in `:`) that introduces it.
 */
export function renderBlocks(blocks: Block[]): string {
  let out = '';
  let previous: Block | undefined;
  for (const block of blocks) {
    if (previous === undefined) {
      out = block.text;
    } else {
      const lineKinds = block.kind === 'item' || block.kind === 'row';
      const keepsTogether =
        (lineKinds && (previous.kind === block.kind || previous.text.endsWith(':'))) ||
        (block.kind === 'item' && previous.kind === 'item') ||
        (block.kind === 'row' && previous.kind === 'row');
      out += keepsTogether ? `\n${block.text}` : `\n\n${block.text}`;
    }
    previous = block;
  }
  return out;
}

/**
 * Split text longer than {@link SPLIT_ABOVE_CHARS} into parts of about
 * {@link TARGET_SECTION_CHARS} and at most {@link MAX_SECTION_CHARS}: at blank
 * lines first, then at line breaks, then at sentence ends, and only as a last
 * resort at a space.
 */
export function splitText(text: string, max = MAX_SECTION_CHARS, target = TARGET_SECTION_CHARS): string[] {
  if (text.length <= Math.min(max, SPLIT_ABOVE_CHARS)) return [text];
  const parts = Math.ceil(text.length / target);
  const aim = Math.min(max, Math.ceil(text.length / parts));
  return pack(units(text, max), aim, max);
}

/** Pieces no longer than `max`, each ending with the separator that followed it in the text. */
function units(text: string, max: number): { piece: string; separator: string }[] {
  const levels: RegExp[] = [/\n{2,}/g, /\n/g, /(?<=[.!?;:]["'”’)]?)[ \t]+/g, /[ \t]+/g];
  const cut = (piece: string, level: number): { piece: string; separator: string }[] => {
    if ((level > 0 && piece.length <= max) || level >= levels.length) return [{ piece, separator: '' }];
    const pattern = levels[level];
    if (!pattern) return [{ piece, separator: '' }];
    const out: { piece: string; separator: string }[] = [];
    let start = 0;
    for (const match of piece.matchAll(pattern)) {
      const end = match.index;
      out.push(...withSeparator(cut(piece.slice(start, end), level + 1), match[0]));
      start = end + match[0].length;
    }
    out.push(...cut(piece.slice(start), level + 1));
    return out;
  };
  return cut(text, 0);
}

function withSeparator(pieces: { piece: string; separator: string }[], separator: string): { piece: string; separator: string }[] {
  const last = pieces.at(-1);
  if (last) last.separator = separator;
  return pieces;
}

function pack(pieces: { piece: string; separator: string }[], aim: number, max: number): string[] {
  const out: { text: string; separator: string }[] = [];
  let current = '';
  let pendingSeparator = '';
  for (const { piece, separator } of pieces) {
    const candidate = current === '' ? piece : `${current}${pendingSeparator}${piece}`;
    // Cut before the piece when it would pass the hard limit, or overshoot the aim more than stopping here falls short.
    const cut = current !== '' && (candidate.length > max || current.length >= aim || candidate.length - aim > aim - current.length);
    if (cut) {
      out.push({ text: current, separator: pendingSeparator });
      current = piece;
    } else {
      current = candidate;
    }
    pendingSeparator = separator;
  }
  if (current !== '') out.push({ text: current, separator: '' });
  // A short last part joins the one before it when both fit.
  const last = out.at(-1);
  const before = out.at(-2);
  if (last && before && last.text.length < aim / 4 && before.text.length + before.separator.length + last.text.length <= max) {
    out.splice(-2, 2, { text: `${before.text}${before.separator}${last.text}`, separator: '' });
  }
  return out.map((part) => part.text.trim()).filter((part) => part !== '');
}
