/**
 * Splitting a section's text into quotable units: sentences within paragraphs,
 * and each list item or table row on its own. Units are character ranges of the
 * section text, so any run of them is a verbatim slice of the policy.
 */

/** A sentence (or list item) of a section: `text.slice(start, end)`. */
export interface Unit {
  start: number;
  end: number;
}

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'eg', 'ie', 'no', 'nos', 'vs', 'dr', 'mr', 'mrs', 'ms', 'st', 'para', 'paras', 'approx', 'incl', 'ref', 'fig', 'cf', 'al']);

/**
 * The units of `text`, in order: each non-empty line is split into sentences at
 * `.`, `!` or `?` followed by a space and a capital, digit, bracket or quote,
 * except after abbreviations (e.g., i.e., etc.) and inside numbers ("6.1").
 * Leading list markers and trailing spaces are left out of the range.
 */
export function splitUnits(text: string): Unit[] {
  const units: Unit[] = [];
  const lineRe = /[^\n]+/g;
  for (const line of text.matchAll(lineRe)) {
    const lineStart = line.index;
    const content = line[0];
    let from = 0;
    const boundary = /([.!?])(["'\u2019\u201d)]*)\s+(?=[A-Z0-9"'\u2018\u201c(\u2022\u00b7-])/g;
    for (const m of content.matchAll(boundary)) {
      const cut = m.index + 1 + (m[2]?.length ?? 0);
      const before = content.slice(from, m.index);
      const lastWord = /([A-Za-z.]+)$/.exec(before)?.[1]?.toLowerCase() ?? '';
      if (m[1] === '.' && ABBREVIATIONS.has(lastWord.replace(/\.$/, ''))) continue;
      pushUnit(units, text, lineStart + from, lineStart + cut);
      from = m.index + m[0].length;
    }
    pushUnit(units, text, lineStart + from, lineStart + content.length);
  }
  return units;
}

const LIST_MARKER = /^(?:[-\u2022\u00b7\u25aa\u25cf\u2013o*]\s+|\(?[a-z0-9]{1,3}[.)]\s+)/i;

function pushUnit(units: Unit[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  const marker = LIST_MARKER.exec(text.slice(s, e));
  // Keep clause numbers such as "6.2 The SENCO must..." but drop bare bullets.
  if (marker && !/^\d+\.\d/.test(text.slice(s, e))) s += marker[0].length;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  if (e - s < 2 || !/[A-Za-z]/.test(text.slice(s, e))) return;
  units.push({ start: s, end: e });
}

const LIST_ITEM_PREFIX = /(?:^|\s)(?:[-\u2022\u00b7\u25aa\u25e6\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4\u2713\u2013*o]|\(?[a-z0-9]{1,3}[.)])\s*$/i;

/** True when the unit starts a list item (a bullet or item number precedes it on its line). */
export function isListItem(text: string, unit: Unit): boolean {
  const lineStart = text.lastIndexOf('\n', unit.start - 1) + 1;
  return LIST_ITEM_PREFIX.test(text.slice(lineStart, unit.start));
}

/** True when the unit introduces what follows it ("The SENCO will:"). */
export function isLeadIn(text: string, unit: Unit): boolean {
  return text.slice(unit.start, unit.end).trimEnd().endsWith(':');
}

/**
 * For each unit, the position of the lead-in it belongs to, if any: the last
 * unit ending in a colon above it ("They will:"), as long as no paragraph that
 * is not a list item has started since. A list item belongs to its lead-in,
 * which says who or what it is about.
 */
export function leadIns(text: string, units: readonly Unit[]): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let leadIn: number | undefined;
  units.forEach((u, k) => {
    const previous = units[k - 1];
    if (previous && /\n\s*\n/.test(text.slice(previous.end, u.start)) && !isListItem(text, u)) leadIn = undefined;
    out.push(leadIn);
    if (isLeadIn(text, u)) leadIn = k;
  });
  return out;
}

/** Text of a run of units `from..to` (inclusive), verbatim. */
export function unitText(text: string, units: readonly Unit[], from: number, to: number): string {
  const a = units[from];
  const b = units[to];
  if (a === undefined || b === undefined) return '';
  return text.slice(a.start, b.end);
}
