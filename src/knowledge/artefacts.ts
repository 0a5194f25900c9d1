/**
 * What counts as an artefact of a policy's export rather than the policy's own
 * words. Both the parser and the every-word test use these functions, so "no
 * text lost or invented" means: the words of {@link stripArtefacts}(source), in
 * order, are the words of the parsed sections' own headings and texts.
 */

/** A `[bookmark: name]` tag of a Word export; names may hold one level of brackets (`_[Updated]_EHC_plans`). */
const BOOKMARK = /\[bookmark:(?:[^[\]]|\[[^[\]]*\])*\]/g;
/** A revision marker that opens a line right after bookmark tags (Word puts bookmarks on headings). */
const MARKER_AFTER_BOOKMARK = /^(?:\s*\[Updated\]\s*|\s*New\s+-\s+)/;
/** An image placeholder of a Word export. */
const IMAGE = /\[image:[^\]]*\]/g;
/** A list number with nothing after it: a Word list paragraph whose text was lost in export (`5.1.`). */
const EMPTY_NUMBERED_LINE = /^\s*\d+(?:\.\d+)*\.\s*$/;
/** A page footer such as `Page 17 of 18` (after emphasis markers are removed). */
const PAGE_FOOTER = /^\s*Page\s+\d+\s+of\s+\d+\s*$/i;
/** A Markdown ATX heading marker (`## `). */
const ATX_HEADING = /^\s{0,3}(#{1,6})\s+/;
/** A Markdown link; the text is kept, the target dropped. */
const LINK = /\[([^\]]+)\]\([^)]*\)/g;
/** Markdown strong emphasis delimiters. */
const STRONG = /\*\*|__(?=\S)|(?<=\S)__/g;
/** A pair of single-asterisk emphasis delimiters around text on one line; a lone `* ` (footnote mark, list bullet) is kept. */
const EMPHASIS = /(^|[^\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g;

/** One source line with its artefacts removed. */
export interface CleanLine {
  /** The line's text without artefacts (may be empty). */
  text: string;
  /** Level of the Markdown heading marker the line had (1–6), when it had one. */
  headingLevel?: number;
  /** True when the line carried Word bookmark tags (a sign of a heading in Word exports). */
  bookmarked: boolean;
  /** True when the line held text before its artefacts were removed and holds none after. */
  emptied: boolean;
}

/**
 * Remove the artefacts of one line of a policy export. The artefacts are:
 * - Word export tags: `[bookmark: …]` and `[image: …]`, and a revision marker
 *   (`[Updated]`, `New - `) directly after a line's bookmark tags — Word puts
 *   bookmarks on headings, and the marker annotates the heading. Revision
 *   markers anywhere else are the policy's words as published and are kept.
 * - Word list numbers with nothing after them (a line of only `5.1.`).
 * - Page footers (`Page 17 of 18`).
 * - Markdown syntax: heading markers (`## `), strong and emphasis delimiters
 *   (`**`, `*text*`), link targets (`[text](#)` keeps `text`).
 * Bullet glyphs (`•`, `·`, `-`), list numbers with text, and table tabs are
 * kept: they are part of the published text.
 */
export function cleanLine(raw: string): CleanLine {
  let text = raw.replace(/\r$/, '');
  const hadText = text.trim() !== '';
  let bookmarked = false;

  const withoutBookmarks = text.replace(BOOKMARK, '');
  if (withoutBookmarks !== text) {
    bookmarked = true;
    const leading = /^\s*(?:\[bookmark:(?:[^[\]]|\[[^[\]]*\])*\]\s*)+/.exec(text);
    const rest = text.slice(leading ? leading[0].length : 0).replace(BOOKMARK, '');
    text = leading ? rest.replace(MARKER_AFTER_BOOKMARK, '') : withoutBookmarks;
  }
  text = text.replace(IMAGE, '');

  let headingLevel: number | undefined;
  const atx = ATX_HEADING.exec(text);
  if (atx?.[1]) {
    headingLevel = atx[1].length;
    text = text.slice(atx[0].length);
  }
  text = text.replace(LINK, '$1').replace(STRONG, '').replace(EMPHASIS, '$1$2');

  if (EMPTY_NUMBERED_LINE.test(text) || PAGE_FOOTER.test(text)) text = '';
  const emptied = hadText && text.trim() === '';
  if (emptied) headingLevel = undefined;
  return { text, ...(headingLevel === undefined ? {} : { headingLevel }), bookmarked, emptied };
}

/** The source text with every artefact removed ({@link cleanLine} applied to each line). */
export function stripArtefacts(source: string): string {
  return source
    .split('\n')
    .map((line) => cleanLine(line).text)
    .join('\n');
}

/**
 * The words of a text, for comparing a policy with its parsed sections: the
 * text is split at whitespace, except that whitespace after a hyphen that
 * ends a word is ignored (`co-` + `ordinator` is `co-ordinator`), since a
 * hard-wrapped PDF line that ends in a hyphen is re-joined without a space.
 * Compare the words of the whole policy with the words of all sections'
 * own headings and texts joined in order.
 */
export function policyWords(text: string): string[] {
  return text
    .replace(/(?<=\p{L})-\s+/gu, '-')
    .split(/\s+/)
    .filter((word) => word !== '');
}
