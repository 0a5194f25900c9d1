import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyWords, stripArtefacts } from '../../../src/knowledge/artefacts.js';
import { parsePolicyText } from '../../../src/knowledge/parse-policy.js';
import { MAX_SECTION_CHARS } from '../../../src/knowledge/section-text.js';
import type { PolicyDocument } from '../../../src/knowledge/types.js';

const policies = path.resolve(import.meta.dirname, '../../../knowledge/policies');
const seeds = [
  ['southport', 'southport.md'],
  ['drb-ignite', 'drb-ignite.txt'],
  ['aspire', 'aspire.txt'],
  ['leading-learners', 'leading-learners.txt'],
  ['mosaic', 'mosaic.md'],
] as const;

/** The words each section owns: its own heading (when it owns one), then its text. */
function sectionWords(doc: PolicyDocument): string[] {
  return policyWords(doc.sections.flatMap((s) => [...(s.ownsHeading ? [s.headingPath.at(-1) ?? ''] : []), s.text]).join('\n'));
}

/** The first place two word lists differ, with a little context, for a readable failure. */
function firstDifference(expected: string[], actual: string[]): string {
  const at = expected.findIndex((w, i) => actual[i] !== w);
  const i = at < 0 ? Math.min(expected.length, actual.length) : at;
  return `word ${i}: expected …${expected.slice(Math.max(0, i - 5), i + 5).join(' ')}… got …${actual.slice(Math.max(0, i - 5), i + 5).join(' ')}…`;
}

describe.each(seeds)('every word of the %s policy', (trust, file) => {
  const source = readFileSync(path.join(policies, file), 'utf8');
  const doc = parsePolicyText(source, { trust, file: `policies/${file}` });

  it('lands, in order, in exactly one section heading or text', () => {
    const expected = policyWords(stripArtefacts(source));
    const actual = sectionWords(doc);
    expect(actual.length, firstDifference(expected, actual)).toBe(expected.length);
    expect(actual, firstDifference(expected, actual)).toEqual(expected);
  });

  it(`keeps every section within ${MAX_SECTION_CHARS} characters`, () => {
    const largest = Math.max(...doc.sections.map((s) => s.text.length));
    expect(largest).toBeLessThanOrEqual(MAX_SECTION_CHARS);
  });

  it('numbers section ids in document order', () => {
    const stem = file.replace(/\.[^.]+$/, '');
    expect(doc.sections.map((s) => s.id)).toEqual(doc.sections.map((_, n) => `${trust}/${stem}/${n}`));
    expect(doc.sections.map((s) => s.order)).toEqual(doc.sections.map((_, n) => n));
  });
});
