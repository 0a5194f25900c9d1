/**
 * The layout of a policy as a flat list of blocks — headings, paragraphs, list
 * items and table rows — built from its cleaned lines. Three source forms are
 * read: Markdown with `#` headings, plain text with one paragraph per line
 * (Word exports, numbered clauses, Markdown without `#` headings), and
 * hard-wrapped text extracted from PDFs.
 */
import { cleanLine, type CleanLine } from './artefacts.js';
import { classifyHeadings, markPlainLists } from './heading-rules.js';

/** How a policy's text is laid out. */
export type PolicyForm = 'markdown' | 'lines' | 'wrapped';

/** One block of a policy's layout. */
export interface Block {
  kind: 'heading' | 'paragraph' | 'item' | 'row';
  /** Clean text; items keep their bullet glyph, rows their tabs. */
  text: string;
  /** Markdown heading level (1–6) for headings of the Markdown form. */
  level?: number;
  /** True for the heading of a contents list and the rows under it. */
  contents?: boolean;
  /** True when a blank line preceded the block in the source. */
  blankBefore: boolean;
  /** The line carried Word bookmark tags. */
  bookmarked?: boolean;
}

/** A non-blank cleaned source line. */
export interface SourceLine {
  text: string;
  /** The line holds a tab: a row of a table. */
  row: boolean;
  /** The line ended in two or more spaces (a Markdown hard line break). */
  hardBreak: boolean;
  headingLevel?: number;
  bookmarked: boolean;
  blankBefore: boolean;
}

/** Bullet glyphs that open a list item, as published. */
export const BULLET = /^\s*(?:[•·▪◦●○■□➢➤✓–]|[-*+](?=\s))\s*/u;
/** An ordered-list or clause number at the start of a line (`3.`, `2.6`, `10.`). */
export const NUMBERED = /^(\d{1,2})(?:\.(\d{1,2}))?\.?\s+(?=\S)/;
const CONTENTS_TITLE = /^\s*(?:table of\s+)?contents\s*:?\s*$/i;

/** Cleaned, non-blank lines of a source; a bookmark on an otherwise empty line passes to the next line. */
export function sourceLines(source: string): SourceLine[] {
  const out: SourceLine[] = [];
  let blank = false;
  let pendingBookmark = false;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line: CleanLine = cleanLine(raw);
    if (line.text.trim() === '') {
      if (line.bookmarked) pendingBookmark = true;
      // A line emptied of artefacts (a lone bookmark, an empty list number) is not a paragraph break.
      if (!line.emptied) blank = true;
      continue;
    }
    out.push({
      text: line.text.replace(/\s+$/, ''),
      row: line.text.includes('\t'),
      hardBreak: / {2,}$/.test(line.text),
      ...(line.headingLevel === undefined ? {} : { headingLevel: line.headingLevel }),
      bookmarked: line.bookmarked || pendingBookmark,
      blankBefore: blank,
    });
    blank = false;
    pendingBookmark = false;
  }
  return out;
}

/** Guess the layout of a text policy: Markdown headings, one paragraph per line, or hard-wrapped lines. */
export function detectForm(lines: SourceLine[]): PolicyForm {
  if (lines.filter((l) => l.headingLevel !== undefined && l.headingLevel >= 1).length >= 3) return 'markdown';
  const lengths = lines.map((l) => l.text.trim().length).sort((a, b) => a - b);
  if (lengths.length < 20) return 'lines';
  const p95 = lengths[Math.floor(lengths.length * 0.95)] ?? 0;
  const long = lengths.filter((n) => n > 140).length;
  // PDF text: every line fits the page width, and many lines stop mid-sentence.
  const midSentence = lines.filter((l, i) => {
    const next = lines[i + 1];
    return next !== undefined && !/[.:;!?]["'”’)]?$/.test(l.text.trim()) && /^[a-z]/.test(next.text.trim());
  }).length;
  return p95 <= 120 && long === 0 && midSentence >= lines.length * 0.1 ? 'wrapped' : 'lines';
}

const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** Share of a line's words, other than minor words, that start with a capital letter or digit. */
export function capitalisedShare(text: string): number {
  const words = text.split(/[\s/]+/).map((w) => w.replace(/^[^\p{L}\p{N}]+/u, '')).filter((w) => w !== '' && !MINOR_WORDS.has(w.toLowerCase()));
  if (words.length === 0) return 0;
  return words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length / words.length;
}

/** Lay out a policy's text as blocks. */
export function layoutBlocks(source: string, form?: PolicyForm): { form: PolicyForm; blocks: Block[] } {
  const lines = sourceLines(source);
  const chosen = form ?? detectForm(lines);
  const blocks =
    chosen === 'markdown' ? markdownBlocks(lines) : chosen === 'wrapped' ? markPlainLists(wrappedBlocks(lines)) : classifyHeadings(lineBlocks(lines));
  return { form: chosen, blocks };
}

function basicKind(line: SourceLine): Block['kind'] {
  if (BULLET.test(line.text)) return 'item';
  if (line.row) return 'row';
  return 'paragraph';
}

/** Markdown: `#` lines are headings; soft-wrapped lines join their paragraph or list item. */
function markdownBlocks(lines: SourceLine[]): Block[] {
  const blocks: Block[] = [];
  let inContents = false;
  let previousHardBreak = false;
  for (const line of lines) {
    if (line.headingLevel !== undefined) {
      const text = line.text.trim();
      inContents = CONTENTS_TITLE.test(text);
      blocks.push({ kind: 'heading', text, level: line.headingLevel, blankBefore: line.blankBefore, ...(inContents ? { contents: true } : {}) });
      previousHardBreak = false;
      continue;
    }
    const kind = inContents ? 'row' : markdownKind(line);
    const last = blocks.at(-1);
    const continues =
      !line.blankBefore &&
      !previousHardBreak &&
      kind === 'paragraph' &&
      last !== undefined &&
      (last.kind === 'paragraph' || last.kind === 'item');
    previousHardBreak = line.hardBreak;
    if (continues) {
      last.text = `${last.text} ${line.text.trim()}`;
      continue;
    }
    blocks.push({
      kind,
      text: kind === 'item' ? indentItem(line.text) : kind === 'row' ? line.text : line.text.trim(),
      blankBefore: line.blankBefore,
      ...(inContents ? { contents: true } : {}),
    });
  }
  return blocks;
}

function markdownKind(line: SourceLine): Block['kind'] {
  if (/^\s*(?:[-*+]\s|\d{1,3}[.)]\s)/.test(line.text)) return 'item';
  return basicKind(line);
}

/** Keep the nesting of a Markdown list item as two spaces per level. */
function indentItem(text: string): string {
  const indent = /^\s*/.exec(text)?.[0].length ?? 0;
  const depth = Math.min(Math.floor(indent / 2), 4);
  return `${'  '.repeat(depth)}${text.trim()}`;
}

/**
 * One paragraph per line. A line that starts with a space directly under a
 * list item continues that item (a hard line break inside a Markdown item).
 */
function lineBlocks(lines: SourceLine[]): Block[] {
  const blocks: Block[] = [];
  for (const line of lines) {
    const last = blocks.at(-1);
    const kind = basicKind(line);
    if (!line.blankBefore && kind === 'paragraph' && /^\s/.test(line.text) && last?.kind === 'item') {
      last.text = `${last.text} ${line.text.trim()}`;
      continue;
    }
    blocks.push({
      kind,
      text: kind === 'row' ? line.text : line.text.trim(),
      blankBefore: line.blankBefore,
      ...(line.bookmarked ? { bookmarked: true } : {}),
    });
  }
  return markContents(blocks);
}

/** After a "Contents" line, the next run of lines is the contents list. */
function markContents(blocks: Block[]): Block[] {
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block || block.kind === 'row' || !CONTENTS_TITLE.test(block.text)) continue;
    block.kind = 'heading';
    block.contents = true;
    for (let j = i + 1; j < blocks.length; j++) {
      const entry = blocks[j];
      if (!entry || (j > i + 1 && entry.blankBefore)) break;
      entry.kind = 'row';
      entry.contents = true;
    }
    break;
  }
  return blocks;
}

/** Words that never end a heading: a line ending in one of them was wrapped mid-phrase. */
const DANGLING = /\b(?:and|or|of|the|a|an|to|in|for|with|by|on|at|from|as|is|are|be|that|which|their|its|his|her|this|these|nor)$/i;
/** A line that ends a sentence or clause. */
const ENDS_CLAUSE = /[.:;!?]["'”’)]*$/;

/**
 * Hard-wrapped PDF text: blank lines and lines of spaces carry no meaning, a
 * wrapped sentence is re-joined into one line, a line ending in a hyphen joins
 * the next without a space, and short title-like lines followed by a new
 * sentence are headings. A run of three or more short lines is a table and
 * keeps its lines; its first line is the table's heading when prose precedes it.
 */
function wrappedBlocks(lines: SourceLine[]): Block[] {
  const texts = lines.map((l) => l.text);
  const lengths = texts.map((t) => t.trimEnd().length).sort((a, b) => a - b);
  const width = lengths[Math.floor(lengths.length * 0.95)] ?? 90;
  const isShort = (t: string | undefined): boolean =>
    t !== undefined && t.trim().length < 0.65 * width && !/^[a-z]/.test(t.trim()) && !BULLET.test(t);
  const blocks: Block[] = [];
  let lastPhysical = '';
  let tableRun = 0;
  // PDFs whose headings are set in larger type come with `#` marks; then only those lines are headings.
  const sized = lines.some((l) => l.headingLevel !== undefined);

  for (let i = 0; i < texts.length; i++) {
    const raw = texts[i] ?? '';
    const text = raw.trim();
    const next = texts[i + 1]?.trim();
    const last = blocks.at(-1);
    const level = lines[i]?.headingLevel;

    if (level !== undefined) {
      // A heading wrapped over two lines is one heading.
      if (last?.kind === 'heading' && last.level === level && lastPhysical !== '' && !ENDS_CLAUSE.test(lastPhysical.trim())) {
        last.text = `${last.text} ${text}`;
      } else {
        blocks.push({ kind: 'heading', text, level, blankBefore: true });
      }
      tableRun = 0;
      lastPhysical = raw;
      continue;
    }

    if (tableRun > 0) {
      tableRun--;
      blocks.push({ kind: 'row', text, blankBefore: false });
      lastPhysical = raw;
      continue;
    }
    if (!sized && isShort(raw) && isShort(texts[i + 1]) && isShort(texts[i + 2])) {
      let run = 1;
      while (isShort(texts[i + run])) run++;
      const prose = last !== undefined && last.kind !== 'row' && !isShort(lastPhysical);
      if (run >= 3 && prose && wrappedHeadingShape(text) && !DANGLING.test(text)) {
        blocks.push({ kind: 'heading', text, blankBefore: true });
        tableRun = run - 1;
      } else if (run >= 3) {
        blocks.push({ kind: 'row', text, blankBefore: true });
        tableRun = run - 1;
      }
      if (run >= 3) {
        lastPhysical = raw;
        continue;
      }
    }

    const indented = /^\s{4,}/.test(raw);
    const bullet = BULLET.test(text);
    const lastEnds = lastPhysical.trim() === '' || ENDS_CLAUSE.test(lastPhysical.trim());
    const cutWord = /(?<=\p{L})-$/u.test(lastPhysical.trim());
    const heading = !sized && !bullet && !indented && !cutWord && (lastEnds || /^[\p{Lu}\d]/u.test(text)) && isWrappedHeading(text, next);
    const joins =
      last !== undefined &&
      (last.kind === 'paragraph' || last.kind === 'item') &&
      lines[i - 1]?.headingLevel === undefined &&
      !bullet &&
      !heading &&
      !indented &&
      !/^\s{4,}/.test(lastPhysical) &&
      (cutWord ||
        /^[a-z]/.test(text) ||
        (!lastEnds &&
          !URL_END.test(lastPhysical.trim()) &&
          (/^[0-9(]/.test(text) || lastPhysical.trim().length + 1 + (text.split(/\s/)[0]?.length ?? 0) > width - 8)));

    if (joins) {
      last.text = /(?<=\p{L})-$/u.test(last.text) ? `${last.text}${text}` : `${last.text} ${text}`;
    } else {
      blocks.push({ kind: heading ? 'heading' : bullet ? 'item' : 'paragraph', text, blankBefore: true });
    }
    lastPhysical = raw;
  }
  return blocks;
}

/** A line ending in a web address ends its paragraph. */
const URL_END = /(?:www\.|https?:\/\/)\S+$|\.(?:uk|com|org|net)\/?$/i;

function wrappedHeadingShape(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w));
  if (words.length > 10 || text.length > 80) return false;
  if (!/^[\p{L}\d]/u.test(text) || /www\.|https?:|@/.test(text)) return false;
  if (!/^(?:\p{Lu}|\d)/u.test(text) && capitalisedShare(text) < 0.6) return false;
  if (/[.,;!?]$/.test(text) || /:\s/.test(text)) return false;
  return true;
}

function isWrappedHeading(text: string, next: string | undefined): boolean {
  if (!wrappedHeadingShape(text) || DANGLING.test(text)) return false;
  if (text.endsWith(':') && !NUMBERED.test(text)) return false;
  if (next === undefined || BULLET.test(next)) return false;
  return /^(?:\p{Lu}|\d|["'“‘(])/u.test(next);
}
