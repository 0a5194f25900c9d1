import { describe, expect, it } from 'vitest';
import { SectionTerms } from '../../../src/search/section-terms.js';

const sections = [
  { stems: ['senco', 'role', 'pupil'], concepts: ['senco'], headingStems: ['role'] },
  { stems: ['pupil', 'review', 'annual'], concepts: ['annual-review', 'ehcp'], headingStems: ['annual', 'review', 'meet'] },
  { stems: [], concepts: [], headingStems: [] },
];

describe('SectionTerms', () => {
  it('answers which terms each section holds, as the sets it was built from', () => {
    const terms = SectionTerms.of(sections);
    sections.forEach((s, i) => {
      const sets = terms.of(i);
      expect(new Set(sets.stems)).toEqual(new Set(s.stems));
      expect(new Set(sets.concepts.keys())).toEqual(new Set(s.concepts));
      expect(new Set(sets.headingStems)).toEqual(new Set(s.headingStems));
      expect(sets.stems.size).toBe(s.stems.length);
      for (const t of ['senco', 'role', 'pupil', 'review', 'annual', 'meet', 'absent']) expect(sets.stems.has(t), `${i} ${t}`).toBe(s.stems.includes(t));
      // A heading stem no section's text uses is known to the heading set only.
      expect(sets.headingStems.has('meet')).toBe(s.headingStems.includes('meet'));
      expect(sets.concepts.has('role')).toBe(false);
    });
  });

  it('says whether a section holds a term by its number, as the sets do by name', () => {
    const terms = SectionTerms.of(sections);
    sections.forEach((s, i) => {
      terms.stems.terms.forEach((stem, id) => {
        expect(terms.holds(i, 0, id), `${i} ${stem}`).toBe(s.stems.includes(stem));
        expect(terms.holds(i, 2, id), `${i} heading ${stem}`).toBe(s.headingStems.includes(stem));
      });
      terms.concepts.terms.forEach((concept, id) => expect(terms.holds(i, 1, id), `${i} ${concept}`).toBe(s.concepts.includes(concept)));
    });
  });

  it('counts in how many sections a term occurs, in the order sections first use the terms', () => {
    const terms = SectionTerms.of(sections);
    expect([...terms.documentFrequencies('stems')]).toEqual([
      ['senco', 1],
      ['role', 1],
      ['pupil', 2],
      ['review', 1],
      ['annual', 1],
    ]);
    expect(terms.documentFrequencies('concepts').get('ehcp')).toBe(1);
  });

  it('is the same after it is stored and restored', () => {
    const stored = JSON.parse(JSON.stringify(SectionTerms.of(sections).store())) as ReturnType<SectionTerms['store']>;
    const restored = SectionTerms.restore(stored, sections.length);
    sections.forEach((s, i) => expect([...restored.of(i).stems].sort()).toEqual([...s.stems].sort()));
    expect([...restored.documentFrequencies('stems').keys()]).toEqual(['senco', 'role', 'pupil', 'review', 'annual']);
  });

  it('refuses stored terms that do not fit, naming the field', () => {
    const stored = SectionTerms.of(sections).store();
    expect(() => SectionTerms.restore(stored, 4)).toThrow(/^offsets: 10 numbers for 4 sections/);
    expect(() => SectionTerms.restore({ ...stored, stems: ['senco'] }, 3)).toThrow(/^ids: .* past the end of its dictionary/);
    expect(() => SectionTerms.restore({ ...stored, ids: 'garbage' }, 3)).toThrow(/^ids: /);
  });
});
