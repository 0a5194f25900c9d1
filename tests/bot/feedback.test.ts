import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { FeedbackStore, MAX_BALLOTS_KEPT } from '../../bot/feedback.js';
import { RecordingStorage } from './helpers/conversation.js';

const sectionId = 'southport/policy/3';
const vote = (voter: string, answer: string, helpful: boolean) => ({ sectionId, voter, answer, helpful });

describe('feedback votes', () => {
  it('count one vote per person per answer: the same vote again is counted once, the other vote replaces it', async () => {
    const feedback = new FeedbackStore(new MemoryStorage());
    expect(await feedback.vote(vote('sam', 'answer-1', true))).toEqual({ outcome: 'counted', counts: { helpful: 1, notHelpful: 0 } });
    expect(await feedback.vote(vote('sam', 'answer-1', true))).toEqual({ outcome: 'unchanged', counts: { helpful: 1, notHelpful: 0 } });
    expect(await feedback.vote(vote('sam', 'answer-1', false))).toEqual({ outcome: 'changed', counts: { helpful: 0, notHelpful: 1 } });
    expect(await feedback.vote(vote('sam', 'answer-1', true))).toEqual({ outcome: 'changed', counts: { helpful: 1, notHelpful: 0 } });
    expect(await feedback.counts(sectionId)).toEqual({ helpful: 1, notHelpful: 0 });
  });

  it('count other people, and the same person on another answer, separately', async () => {
    const feedback = new FeedbackStore(new MemoryStorage());
    await feedback.vote(vote('sam', 'answer-1', true));
    await feedback.vote(vote('alex', 'answer-1', false));
    await feedback.vote(vote('sam', 'answer-2', false));
    expect(await feedback.counts(sectionId)).toEqual({ helpful: 1, notHelpful: 2 });
    expect(await feedback.counts('southport/policy/4')).toEqual({ helpful: 0, notHelpful: 0 });
  });

  it('count a double click (two clicks at once) once', async () => {
    const feedback = new FeedbackStore(new MemoryStorage());
    await feedback.vote(vote('alex', 'answer-0', true));
    const outcomes = await Promise.all([feedback.vote(vote('sam', 'answer-1', true)), feedback.vote(vote('sam', 'answer-1', true))]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['counted', 'unchanged']);
    expect(await feedback.counts(sectionId)).toEqual({ helpful: 2, notHelpful: 0 });
  });

  it('store neither who voted nor the answer card, only a hash of both with the vote', async () => {
    const storage = new RecordingStorage();
    const feedback = new FeedbackStore(storage);
    await feedback.vote(vote('00000000-0000-4000-8000-000000000001', 'answer-7f3a', true));
    const written = storage.written.join('\n');
    expect(written).toContain('"helpful":1');
    expect(written).not.toContain('00000000-0000-4000-8000-000000000001');
    expect(written).not.toContain('answer-7f3a');
  });

  it(`remember the latest ${MAX_BALLOTS_KEPT} ballots of a section, dropping the oldest`, async () => {
    const storage = new MemoryStorage();
    const feedback = new FeedbackStore(storage);
    for (let i = 0; i <= MAX_BALLOTS_KEPT; i++) await feedback.vote(vote(`person-${i}`, 'answer-1', true));
    const item = (await storage.read([`feedback/${encodeURIComponent(sectionId)}`]))[`feedback/${encodeURIComponent(sectionId)}`] as { ballots: object };
    expect(Object.keys(item.ballots)).toHaveLength(MAX_BALLOTS_KEPT);
    // The newest are remembered; the oldest was dropped, so that person's repeat counts again.
    expect((await feedback.vote(vote(`person-${MAX_BALLOTS_KEPT}`, 'answer-1', true))).outcome).toBe('unchanged');
    expect((await feedback.vote(vote('person-0', 'answer-1', true))).outcome).toBe('counted');
  });

  it('read counts stored before ballots were kept, and carry on from them', async () => {
    const storage = new MemoryStorage();
    await storage.write({ [`feedback/${encodeURIComponent(sectionId)}`]: { helpful: 4, notHelpful: 2 } });
    const feedback = new FeedbackStore(storage);
    expect(await feedback.vote(vote('sam', 'answer-1', false))).toEqual({ outcome: 'counted', counts: { helpful: 4, notHelpful: 3 } });
  });
});
