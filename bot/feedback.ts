/**
 * Helpful / not helpful counts per policy section, kept in the bot's storage, one
 * vote per person per answer: voting again on the same answer card replaces the
 * person's earlier vote (or, when it is the same vote, changes nothing).
 *
 * What is stored, per section: the two counts and, for each of the latest
 * {@link MAX_BALLOTS_KEPT} votes, a one-way hash of who voted on which answer card
 * with the vote. Never who clicked, the card's id, or what anyone asked.
 */
import { createHash } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import { isETagConflict } from './state-storage.js';

/** Counts of one section's feedback. */
export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

/** One click of a feedback button. */
export interface FeedbackVote {
  sectionId: string;
  /** Who clicked: their Entra object id, or the channel's id for them. Only its hash is stored. */
  voter: string;
  /** The answer card voted on (its feedback buttons carry this id). Only its hash is stored. */
  answer: string;
  helpful: boolean;
}

/**
 * What a vote did: `counted` a first vote on this answer, `changed` the person's
 * earlier vote the other way, `unchanged` the same vote again (counted once).
 */
export type VoteOutcome = 'counted' | 'changed' | 'unchanged';

/**
 * Each section remembers the ballots of its latest this-many votes; a person voting
 * again on an answer card whose ballot has been dropped (after this many newer votes
 * on the same section) is counted again.
 */
export const MAX_BALLOTS_KEPT = 1_000;

const stored = z.looseObject({
  helpful: z.number().int().nonnegative().catch(0),
  notHelpful: z.number().int().nonnegative().catch(0),
  /** Ballot hash → helpful, oldest first. */
  ballots: z.record(z.string(), z.boolean()).catch({}).default({}),
  eTag: z.string().optional(),
});

type Stored = z.infer<typeof stored>;

/** How often a write is retried when another turn or instance updated the same section at the same time. */
const MAX_ATTEMPTS = 5;

/** The stored stand-in for "this person on this answer card": a one-way hash of both. */
function ballotOf(voter: string, answer: string): string {
  return createHash('sha256').update(`${voter}\u0000${answer}`).digest('base64url').slice(0, 22);
}

/** Records votes and reads section feedback counts. */
export class FeedbackStore {
  constructor(private readonly storage: Storage) {}

  private static key(sectionId: string): string {
    return `feedback/${encodeURIComponent(sectionId)}`;
  }

  /** The counts for a section (zeros when none). */
  async counts(sectionId: string): Promise<FeedbackCounts> {
    const { helpful, notHelpful } = await this.read(FeedbackStore.key(sectionId));
    return { helpful, notHelpful };
  }

  /** Record a vote, replacing the person's earlier vote on the same answer; returns what it did and the new counts. */
  async vote({ sectionId, voter, answer, helpful }: FeedbackVote): Promise<{ outcome: VoteOutcome; counts: FeedbackCounts }> {
    const key = FeedbackStore.key(sectionId);
    const ballot = ballotOf(voter, answer);
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(key);
      const earlier = current.ballots[ballot];
      if (earlier === helpful) return { outcome: 'unchanged', counts: { helpful: current.helpful, notHelpful: current.notHelpful } };
      const counts = { helpful: current.helpful, notHelpful: current.notHelpful };
      if (earlier !== undefined) {
        if (earlier) counts.helpful = Math.max(0, counts.helpful - 1);
        else counts.notHelpful = Math.max(0, counts.notHelpful - 1);
      }
      if (helpful) counts.helpful += 1;
      else counts.notHelpful += 1;
      const item: StoreItem = { ...counts, ballots: withBallot(current.ballots, ballot, helpful), eTag: current.eTag ?? '*' };
      try {
        await this.storage.write({ [key]: item });
        return { outcome: earlier === undefined ? 'counted' : 'changed', counts };
      } catch (error) {
        // Someone else voted on this section first: read again and apply the vote to theirs.
        if (!isETagConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async read(key: string): Promise<Stored> {
    const items = await this.storage.read([key]);
    const parsed = stored.safeParse(items[key]);
    return parsed.success ? parsed.data : { helpful: 0, notHelpful: 0, ballots: {} };
  }
}

/** The ballots with this one last (the newest), keeping the latest {@link MAX_BALLOTS_KEPT}. */
function withBallot(ballots: Readonly<Record<string, boolean>>, ballot: string, helpful: boolean): Record<string, boolean> {
  const entries = Object.entries(ballots).filter(([key]) => key !== ballot);
  entries.push([ballot, helpful]);
  return Object.fromEntries(entries.slice(-MAX_BALLOTS_KEPT));
}
