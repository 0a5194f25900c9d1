/**
 * Choosing the quote of a cited section: the one to three consecutive units
 * (sentences or list items) that best answer the question, as a verbatim slice
 * of the section's text — never rewritten, never joined across sections.
 */
import { isLeadIn, leadIns, unitText, type Unit } from './sentences.js';

/** A chosen quote: its text and the units it spans. */
export interface Quote {
  text: string;
  /** First unit (inclusive). */
  from: number;
  /** Last unit (inclusive). */
  to: number;
  /**
   * The lead-in the quote's first unit belongs to ("The SENCO will:"), verbatim,
   * when the quote is part of a list that the lead-in introduces but does not
   * start just after it (or would run too long with it). Shown before the
   * quote, with a gap between.
   */
  leadIn?: string;
}

/** Longest quote, in characters, that grows past one unit. */
const MAX_QUOTE_CHARS = 480;

/**
 * Pick the quote from `text` given each unit's relevance score (higher is
 * better, same length as `units`). The best unit anchors the quote; a
 * neighbour joins when it is relevant in its own right, or when the anchor is a
 * lead-in ("They will:") that needs the item it introduces, up to three units and about
 * {@link MAX_QUOTE_CHARS} characters. A quote inside a list starts at the
 * lead-in that introduces the list when that is the unit just before it, and
 * otherwise carries the lead-in separately (see {@link Quote.leadIn}). With no
 * units, the section's opening (up to the first line break) is the quote.
 * `leads` are the units' lead-ins ({@link leadIns}), when already worked out.
 */
export function chooseQuote(text: string, units: readonly Unit[], scores: readonly number[], leads: readonly (number | undefined)[] = leadIns(text, units)): Quote {
  if (units.length === 0) {
    const firstLine = text.split('\n').find((l) => l.trim().length > 0) ?? text;
    return { text: firstLine.trim(), from: 0, to: 0 };
  }
  let anchor = 0;
  scores.forEach((s, i) => {
    if (s > (scores[anchor] ?? Number.NEGATIVE_INFINITY)) anchor = i;
  });
  const best = scores[anchor] ?? 0;
  let from = anchor;
  let to = anchor;
  while (to - from < 2) {
    const grown = spanLength(units, from, to);
    if (to + 1 < units.length && (worth(scores, best, to + 1) || leadsIn(text, units, to)) && grown + spanLength(units, to + 1, to + 1) <= MAX_QUOTE_CHARS) {
      to += 1;
    } else if (from > 0 && worth(scores, best, from - 1) && grown + spanLength(units, from - 1, from - 1) <= MAX_QUOTE_CHARS) {
      from -= 1;
    } else {
      break;
    }
  }
  const leadIn = leads[from];
  if (leadIn !== undefined && leadIn === from - 1 && spanLength(units, from, to) + spanLength(units, leadIn, leadIn) <= MAX_QUOTE_CHARS) from = leadIn;
  else if (leadIn !== undefined) return { text: unitText(text, units, from, to), from, to, leadIn: unitText(text, units, leadIn, leadIn) };
  return { text: unitText(text, units, from, to), from, to };
}

/** Characters from the start of unit `from` to the end of unit `to`. */
function spanLength(units: readonly Unit[], from: number, to: number): number {
  return (units[to]?.end ?? 0) - (units[from]?.start ?? 0);
}

/** True when unit `i` is relevant in its own right: at least 60% of the best unit's score. */
function worth(scores: readonly number[], best: number, i: number): boolean {
  return best > 0 && (scores[i] ?? 0) >= best * 0.6;
}

/** True when unit `i` is a lead-in ("They will:"). */
function leadsIn(text: string, units: readonly Unit[], i: number): boolean {
  const unit = units[i];
  return unit !== undefined && isLeadIn(text, unit);
}
