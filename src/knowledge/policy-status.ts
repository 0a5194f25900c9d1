/**
 * Whether a policy is past its next review date, as of the product's clock.
 */
import type { Clock } from '../clock.js';
import type { PolicyDocument } from './types.js';

/** A policy's review status on a given day. */
export interface PolicyStatus {
  /** True when today is after the review date; null when the policy states no review date. */
  pastReview: boolean | null;
  /** The next review date (ISO), when known. */
  reviewDate?: string;
  /** Whole days since the review date, when past it. */
  daysPastReview?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Today's date (ISO, UTC) according to the clock. */
export function today(clock: Clock): string {
  return clock().toISOString().slice(0, 10);
}

/**
 * The review status of a policy on the clock's day. A policy reviewed "by
 * December 2026" (stored as 2026-12-01) is past review from the day after
 * that date; a policy without a review date has `pastReview: null`.
 */
export function policyStatus(doc: Pick<PolicyDocument, 'reviewDate'>, clock: Clock): PolicyStatus {
  if (doc.reviewDate === undefined) return { pastReview: null };
  const now = today(clock);
  if (now <= doc.reviewDate) return { pastReview: false, reviewDate: doc.reviewDate };
  const days = Math.round((Date.parse(now) - Date.parse(doc.reviewDate)) / DAY_MS);
  return { pastReview: true, reviewDate: doc.reviewDate, daysPastReview: days };
}
