/**
 * Finding an authored quote in a trust's parsed policy: the heading is matched
 * against each section's heading path, the quote against the section text, both
 * after whitespace is normalised. Quotes are otherwise compared exactly.
 */
import type { PolicyDocument, Section } from '../knowledge/types.js';

/** Collapse every run of whitespace to one space and trim. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const foldHeading = (text: string): string => normaliseWhitespace(text).toLowerCase();

/**
 * True when `heading` names the section: it is contained (case-insensitively) in one
 * of the section's headings, or in the path written as "A > B > C".
 */
export function headingMatches(section: Section, heading: string): boolean {
  const wanted = foldHeading(heading);
  if (wanted === '') return false;
  return section.headingPath.some((h) => foldHeading(h).includes(wanted)) || foldHeading(section.headingPath.join(' > ')).includes(wanted);
}

/** Where a quote was found. */
export interface QuoteMatch {
  section: Section;
  document: PolicyDocument;
  /** The quote as the section has it: its own line breaks (e.g. between list items) kept. */
  text: string;
}

/**
 * The passage of `text` that reads as `quote` once whitespace is normalised, with
 * the text's own whitespace; undefined when there is none.
 */
export function passageOf(text: string, quote: string): string | undefined {
  const words = normaliseWhitespace(quote).split(' ').filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));
  return pattern.exec(text)?.[0];
}

/** Why a quote was not found. */
export type QuoteMiss =
  | { reason: 'heading-not-found' }
  /** The heading matched, but the quote is not in those sections; `elsewhere` names a section that does hold it. */
  | { reason: 'quote-not-found'; elsewhere?: Section };

/**
 * Look for `quote` in the sections of `documents` whose heading path matches
 * `heading`; the first section in document order that holds it wins.
 */
export function findQuote(documents: readonly PolicyDocument[], heading: string, quote: string): QuoteMatch | QuoteMiss {
  const wanted = normaliseWhitespace(quote);
  let headingSeen = false;
  for (const document of documents) {
    for (const section of document.sections) {
      if (!headingMatches(section, heading)) continue;
      headingSeen = true;
      if (!normaliseWhitespace(section.text).includes(wanted)) continue;
      return { section, document, text: passageOf(section.text, wanted) ?? wanted };
    }
  }
  if (!headingSeen) return { reason: 'heading-not-found' };
  for (const document of documents) {
    const elsewhere = document.sections.find((s) => normaliseWhitespace(s.text).includes(wanted));
    if (elsewhere) return { reason: 'quote-not-found', elsewhere };
  }
  return { reason: 'quote-not-found' };
}
