import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/knowledge/index.js';

const knowledgeDir = path.resolve(import.meta.dirname, '../../../knowledge');

describe('loadKnowledge', () => {
  it('parses every policy of the five bundled trusts into sections', async () => {
    const knowledge = await loadKnowledge(knowledgeDir);
    expect(knowledge.trusts.map((t) => t.id)).toEqual(['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic']);
    expect(knowledge.documents.map((d) => d.trust)).toEqual(['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic']);
    for (const doc of knowledge.documents) {
      expect(doc.sections.length, doc.file).toBeGreaterThan(10);
      expect(doc.sourceHash).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(doc.sections.map((s) => s.id)).size).toBe(doc.sections.length);
      for (const section of doc.sections) {
        expect(section.trust).toBe(doc.trust);
        expect(section.document).toBe(doc.title);
        expect(section.headingPath.length).toBeGreaterThan(0);
      }
    }
  });

  it('titles a policy that states no title after its trust', async () => {
    const knowledge = await loadKnowledge(knowledgeDir);
    const titles = Object.fromEntries(knowledge.documents.map((d) => [d.trust, d.title]));
    expect(titles).toEqual({
      southport: 'SEND POLICY',
      'drb-ignite': 'drb Ignite Multi Academy Trust SEND Policy',
      aspire: 'Special Educational Needs and Disabilities (SEND) Policy',
      'leading-learners': 'Leading Learners Trust SEND Policy',
      mosaic: 'TRUST SEND POLICY AND OFFER',
    });
  });
});
