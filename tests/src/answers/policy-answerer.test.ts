import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyAnswerer } from '../../../src/answers/policy-answerer.js';
import { fixedClock } from '../../../src/clock.js';
import { loadGlossary } from '../../../src/search/glossary.js';
import type { ByteVector } from '../../../src/search/semantic.js';
import { TrustIndex } from '../../../src/search/trust-index.js';
import { KNOWLEDGE_DIR } from './shared-knowledge-base.js';
import { section } from '../../fixtures/sections.js';

const glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'));

const sections = [
  section(0, 'Annual reviews', 'The school will convene the annual review of each Education, Health and Care Plan and give two weeks notice of the meeting.'),
  section(1, 'Roles', 'The SENDCo co-ordinates provision for pupils with SEND and liaises with parents.'),
];
const index = TrustIndex.build('t', sections, glossary);

/** An answerer with the semantic stage on, whose encoder counts the questions it embeds. */
function answererCountingEmbeddings(): { answerer: PolicyAnswerer; embedded: string[] } {
  const embedded: string[] = [];
  const unit = (): Float32Array => Float32Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 : 0));
  const bytes = (): ByteVector => ({ bytes: Int8Array.from(unit(), (x) => x * 127), scale: 1 / 127 });
  const vectors = { sections: sections.map(bytes), units: index.sections.map((s) => s.units.map(bytes)) };
  const answerer = new PolicyAnswerer({
    indexes: new Map([['t', index]]),
    documents: [],
    glossary,
    clock: fixedClock('2026-11-25'),
    semantic: {
      encoder: {
        embed: (texts) => {
          embedded.push(...texts);
          return Promise.resolve(texts.map(unit));
        },
      },
      vectors: { get: (trust) => (trust === 't' ? vectors : undefined) },
    },
  });
  return { answerer, embedded };
}

describe('PolicyAnswerer', () => {
  it('tells a question about a topic the policy never mentions that it is not covered, without ranking or embedding it', async () => {
    const { answerer, embedded } = answererCountingEmbeddings();
    const explained = await answerer.explain('t', 'can a pupil with an EHCP be put on a part-time timetable before the annual review?');
    expect(explained.answer).toMatchObject({ answered: false, reason: 'not-covered', citations: [] });
    expect(explained.verdict).toMatchObject({ covered: false, reason: 'absent-topic', absentTopics: ['part-time-timetable'] });
    expect(explained.ranked).toEqual([]);
    expect(embedded).toEqual([]);
  });

  it('ranks and embeds a question the policy may cover', async () => {
    const { answerer, embedded } = answererCountingEmbeddings();
    const explained = await answerer.explain('t', 'how much notice is given before an annual review?');
    expect(explained.answer.answered).toBe(true);
    expect(explained.ranked[0]?.index).toBe(0);
    expect(embedded).toEqual(['how much notice is given before an annual review?']);
  });
});
