import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyText, policyWords, stripArtefacts, type PolicyForm } from '../../../src/knowledge/index.js';
import { MAX_SECTION_CHARS } from '../../../src/knowledge/section-text.js';
import type { PolicyDocument } from '../../../src/knowledge/types.js';

function sectionWords(doc: PolicyDocument): string[] {
  return policyWords(doc.sections.flatMap((s) => [...(s.ownsHeading ? [s.headingPath.at(-1) ?? ''] : []), s.text]).join('\n'));
}

const word = fc.constantFrom('pupil', 'SEND', 'Trust', 'support', 'the', 'and', 'of', 'SENCO', 'review', 'Plan', 'needs', 'co-', 'ordinator', '2025', 'EHC', '(SEN)', 'Policy');
const words = (min: number, max: number) => fc.array(word, { minLength: min, maxLength: max }).map((w) => w.join(' '));

/** Lines in the shapes policies are written in: headings, clauses, bullets, rows, artefacts, blanks. */
const line = fc.oneof(
  words(1, 30).map((w) => `${w}.`),
  words(1, 6),
  words(1, 5).map((w) => `${w}:`),
  fc.tuple(fc.integer({ min: 1, max: 20 }), words(1, 6)).map(([n, w]) => `${n}. ${w}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 }), words(1, 20)).map(([n, m, w]) => `${n}.${m} ${w}`),
  fc.tuple(fc.constantFrom('• ', '· ', '- ', '  - '), words(1, 20)).map(([b, w]) => `${b}${w}`),
  fc.tuple(words(1, 4), words(1, 12)).map(([a, b]) => `${a}\t${b}`),
  fc.tuple(fc.constantFrom('# ', '## ', '### '), words(1, 6)).map(([h, w]) => `${h}${w}`),
  words(1, 6).map((w) => `**${w}**`),
  words(1, 6).map((w) => `[bookmark: _Toc1]${w}`),
  fc.constantFrom('', '', '   ', 'Contents', '5.1.', 'Page 3 of 9', 'Appendix 1:', '[image: ]'),
  words(300, 700),
);

describe('parsing any policy text', () => {
  it.each<[string, PolicyForm | undefined]>([
    ['detected', undefined],
    ['markdown', 'markdown'],
    ['lines', 'lines'],
    ['wrapped', 'wrapped'],
  ])('keeps every word in order and every section within the size limit (%s form)', (_, form) => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 60 }), (lines) => {
        const source = lines.join('\n');
        const expected = policyWords(stripArtefacts(source));
        fc.pre(expected.length > 0);
        const doc = parsePolicyText(source, { trust: 't', file: 'p.txt', ...(form ? { form } : {}) });
        const actual = sectionWords(doc);
        const differs = Array.from({ length: Math.max(actual.length, expected.length) }, (_, i) => i).find((i) => actual[i] !== expected[i]) ?? -1;
        expect(differs, `words differ at ${differs}: …${expected.slice(differs - 3, differs + 3).join(' ')}… vs …${actual.slice(differs - 3, differs + 3).join(' ')}…`).toBe(-1);
        for (const section of doc.sections) expect(section.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      }),
      { numRuns: 100, seed: 20251125, endOnFailure: true },
    );
  });
});
