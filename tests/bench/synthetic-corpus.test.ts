import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, mulberry32, sourceSections, writeCorpus } from '../../bench/synthetic-corpus.js';
import type { SourceSection } from '../../bench/synthetic-corpus.js';
import { projectRoot } from '../../src/config.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/types.js';

const KNOWLEDGE = path.join(projectRoot, 'knowledge');

let knowledge: Knowledge;
let sources: SourceSection[];

beforeAll(async () => {
  knowledge = await loadKnowledge(KNOWLEDGE);
  sources = sourceSections(knowledge.documents);
});

describe('mulberry32', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const v of draw(123)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });
});

describe('the synthetic corpus', () => {
  it('draws its sections from every trust, leaving out title pages and contents', () => {
    expect(new Set(sources.map((s) => s.trust))).toEqual(new Set(knowledge.trusts.map((t) => t.id)));
    expect(sources.some((s) => /^contents$/i.test(s.heading))).toBe(false);
    expect(sources.every((s) => /[A-Za-z]/.test(s.text))).toBe(true);
  });

  it('is the same corpus for the same seed, and a different one for another seed', () => {
    const options = { documents: 12, trusts: knowledge.trusts };
    const a = generateCorpus(sources, { ...options, seed: 1 });
    const b = generateCorpus(sources, { ...options, seed: 1 });
    const c = generateCorpus(sources, { ...options, seed: 2 });
    expect(b).toEqual(a);
    expect(c.documents.map((d) => d.text)).not.toEqual(a.documents.map((d) => d.text));
  });

  it('makes distinct documents of 30 to 60 sections, dealt to every trust in turn', () => {
    const corpus = generateCorpus(sources, { documents: 50, seed: 42, trusts: knowledge.trusts });
    expect(corpus.documents).toHaveLength(50);
    expect(new Set(corpus.documents.map((d) => d.text)).size).toBe(50);
    expect(new Set(corpus.documents.map((d) => d.file)).size).toBe(50);
    for (const d of corpus.documents) {
      expect(d.sections).toBeGreaterThanOrEqual(30);
      expect(d.sections).toBeLessThanOrEqual(60);
    }
    expect(corpus.documents.slice(0, 5).map((d) => d.trust)).toEqual(knowledge.trusts.map((t) => t.id));
    for (const trust of corpus.registry.trusts) expect(trust.policies).toHaveLength(10);
  });

  it('swaps words in some documents so recombined sections still differ', () => {
    const corpus = generateCorpus(sources, { documents: 20, seed: 42, trusts: knowledge.trusts });
    // Every source policy says "pupil" often, so a document without the word swapped it.
    const swapped = corpus.documents.filter((d) => !/\bpupil\b/i.test(d.text));
    expect(swapped.length).toBeGreaterThan(0);
    expect(swapped.length).toBeLessThan(corpus.documents.length);
  });

  it('refuses fewer documents than trusts, since every trust needs a policy', () => {
    expect(() => generateCorpus(sources, { documents: 3, seed: 1, trusts: knowledge.trusts })).toThrow(/5 trusts/);
  });

  describe('written as a knowledge folder', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'synthetic-corpus-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('parses with the product parser into one document per policy with its title, dates and sections', async () => {
      const corpus = generateCorpus(sources, { documents: 5, seed: 9, trusts: knowledge.trusts });
      await writeCorpus(dir, corpus, path.join(KNOWLEDGE, 'glossary.json'));
      const parsed = await loadKnowledge(dir);
      expect(parsed.documents.map((d) => d.title)).toEqual(corpus.documents.map((d) => d.title));
      for (const [i, document] of parsed.documents.entries()) {
        const generated = corpus.documents[i];
        // One section per recombined section, plus the title page.
        expect(document.sections.length).toBeGreaterThanOrEqual(generated?.sections ?? 0);
        expect(document.policyDate).toBe(generated?.policyDate);
        expect(document.reviewDate).toBe(generated?.reviewDate);
      }
    });
  });
});
