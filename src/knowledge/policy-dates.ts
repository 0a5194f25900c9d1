/**
 * The dates a policy states about itself: when it was approved or last updated,
 * and when it is next reviewed.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(?:${MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|')})\\.?`;
/** A date as policies write it: `December 2025`, `1 October 2025`, `1.10.2025`, `01/10/2025`, `2025-10-01`. */
const DATE = `(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}|${MONTH}\\s+\\d{4}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}|\\d{4}-\\d{2}-\\d{2})`;

/** Labels before the date the policy was approved or last updated. */
const POLICY_LABEL =
  '(?:policy\\s+approved|date\\s+approved|approved(?:\\s+on)?|date\\s+adopted|adopted|updated\\s+policy|last\\s+updated|date\\s+updated|updated|date\\s+of\\s+policy|policy\\s+date|last\\s+reviewed|date\\s+reviewed|reviewed)';
/** Labels before the date of the next review. */
const REVIEW_LABEL =
  '(?:policy\\s+renewal|renewal\\s+date|date\\s+of\\s+next\\s+review|next\\s+review\\s+date|next\\s+review(?:\\s+due)?|review\\s+date|to\\s+be\\s+reviewed)';

const labelled = (label: string): RegExp => new RegExp(`(?:^|[^\\p{L}])${label}\\s*(?:by|on|:|-|–)?\\s*(${DATE})`, 'giu');

/** Statements that a policy is reviewed every year. */
const ANNUAL = /\b(?:reviewed\s+(?:on\s+an\s+annual\s+basis|annually|every\s+year|each\s+year|yearly)|annual(?:ly)?\s+review(?:ed)?\s+of\s+this\s+policy)\b/i;

/** The dates read from a policy's text. */
export interface PolicyDates {
  /** ISO date the policy was approved or last updated. */
  policyDate?: string;
  /** ISO date of the next review. */
  reviewDate?: string;
  /** How the review date was found. */
  reviewFrom?: 'stated' | 'annual';
}

/**
 * Parse one date as policies write it into ISO `YYYY-MM-DD`. A month without a
 * day (`December 2025`) is the first of that month; numeric dates are read
 * day first (`1.10.2025` is 1 October 2025), as in UK documents.
 */
export function parsePolicyDate(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/(\d)(st|nd|rd|th)\b/, '$1');
  let year: number;
  let month: number;
  let day = 1;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})$/.exec(t))) {
    const name = m[2] ?? '';
    const index = MONTHS.findIndex((candidate) => name.length >= 3 && candidate.startsWith(name));
    if (index < 0) return undefined;
    [day, month, year] = [m[1] === undefined ? 1 : Number(m[1]), index + 1, Number(m[3])];
  } else {
    return undefined;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Add whole years to an ISO date (29 February becomes 28 February when needed). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC((y ?? 0) + years, (m ?? 1) - 1, d ?? 1));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

function latest(text: string, pattern: RegExp): string | undefined {
  let best: string | undefined;
  for (const match of text.matchAll(pattern)) {
    const iso = match[1] === undefined ? undefined : parsePolicyDate(match[1]);
    if (iso !== undefined && (best === undefined || iso > best)) best = iso;
  }
  return best;
}

/**
 * Read the policy date and next review date from a policy's text.
 * - Policy date: the latest date labelled as approval, adoption, update or
 *   review (`Policy Approved: December 2025`, `Updated Policy: December 2024`,
 *   `Date approved October 2022`, `Updated 1.10.2025`).
 * - Review date: the latest date labelled as the next review or renewal
 *   (`Policy Renewal: December 2026`, `Date of Next Review: June 2026`,
 *   `Next review October 2024`).
 * - When no review date is stated but the policy says it is reviewed annually
 *   and its policy date is known, the review date is one year after the
 *   policy date. Otherwise the review date is unknown.
 * Month-only dates are the first of that month.
 */
export function readPolicyDates(text: string): PolicyDates {
  const reviewDate = latest(text, labelled(REVIEW_LABEL));
  // "Date of Next Review" must not count as a policy date via its "Review" word.
  const withoutReviewLabels = text.replace(labelled(REVIEW_LABEL), ' ');
  const policyDate = latest(withoutReviewLabels, labelled(POLICY_LABEL));
  if (reviewDate !== undefined) return { ...(policyDate ? { policyDate } : {}), reviewDate, reviewFrom: 'stated' };
  if (policyDate !== undefined && ANNUAL.test(text)) return { policyDate, reviewDate: addYears(policyDate, 1), reviewFrom: 'annual' };
  return policyDate ? { policyDate } : {};
}
