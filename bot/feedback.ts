/**
 * Helpful / not helpful counts per policy section, kept in the bot's storage.
 * Only the section id and the two counts are stored: never who clicked or what they asked.
 */
import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';

/** Counts of one section's feedback. */
export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

const stored = z.looseObject({
  helpful: z.number().int().nonnegative().catch(0),
  notHelpful: z.number().int().nonnegative().catch(0),
  eTag: z.string().optional(),
});

/** How often a write is retried when another instance updated the same counts at the same time. */
const MAX_ATTEMPTS = 5;

/** Records and reads section feedback counts. */
export class FeedbackStore {
  constructor(private readonly storage: Storage) {}

  private static key(sectionId: string): string {
    return `feedback/${encodeURIComponent(sectionId)}`;
  }

  /** The counts for a section (zeros when none). */
  async counts(sectionId: string): Promise<FeedbackCounts> {
    const { counts } = await this.read(FeedbackStore.key(sectionId));
    return counts;
  }

  /** Add one helpful or not-helpful vote to a section; returns the new counts. */
  async record(sectionId: string, helpful: boolean): Promise<FeedbackCounts> {
    const key = FeedbackStore.key(sectionId);
    for (let attempt = 1; ; attempt++) {
      const { counts, eTag } = await this.read(key);
      const next = helpful ? { ...counts, helpful: counts.helpful + 1 } : { ...counts, notHelpful: counts.notHelpful + 1 };
      const item: StoreItem = { ...next, eTag: eTag ?? '*' };
      try {
        await this.storage.write({ [key]: item });
        return next;
      } catch (error) {
        // An eTag conflict means someone else counted first: read again and retry.
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async read(key: string): Promise<{ counts: FeedbackCounts; eTag?: string }> {
    const items = await this.storage.read([key]);
    const parsed = stored.safeParse(items[key]);
    if (!parsed.success) return { counts: { helpful: 0, notHelpful: 0 } };
    const { helpful, notHelpful, eTag } = parsed.data;
    return { counts: { helpful, notHelpful }, ...(eTag ? { eTag } : {}) };
  }
}
