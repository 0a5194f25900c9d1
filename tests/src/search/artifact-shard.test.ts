import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openShard, serialiseShard, SHARD_FORMAT, ShardShapeError, type DocumentEntry, type TrustShard } from '../../../src/search/artifact-shard.js';
import { INDEX_FORMAT_VERSION } from '../../../src/search/artifact.js';
import { loadGlossary } from '../../../src/search/glossary.js';
import { TrustIndex } from '../../../src/search/trust-index.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';
import { section } from '../../fixtures/sections.js';

const glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'));

const sections = [
  section(0, 'Roles', 'The SENDCo will:\n- Co-ordinate provision for pupils with SEND.\n- Liaise with parents.'),
  section(1, 'Reviewing the EHC plan', 'The school will convene the annual review of each Education, Health and Care Plan. Two weeks notice is given.'),
  section(2, 'Complaints', 'Parents who are unhappy should first speak to the class teacher, then the SENDCo.'),
];
const documents: DocumentEntry[] = [{ trust: 't', file: 'policies/policy.md', title: 'SEND Policy', sourceHash: 'abc', sections: 3 }];
const index = TrustIndex.build('t', sections, glossary);
const shard: TrustShard = {
  format: SHARD_FORMAT,
  formatVersion: INDEX_FORMAT_VERSION,
  trust: 't',
  sections: sections.map(({ id, headingPath, ownsHeading, text, order }) => ({ id, headingPath, ownsHeading, text, order })),
  index: index.store(),
};
const expected = { trust: 't', formatVersion: INDEX_FORMAT_VERSION, documents };

/** The shard's JSON with one change made to its parsed data. */
function changed(change: (data: Record<string, unknown> & TrustShard) => void): string {
  const data = JSON.parse(serialiseShard(shard)) as Record<string, unknown> & TrustShard;
  change(data);
  return JSON.stringify(data);
}

describe('openShard', () => {
  it('gives back the sections, in their documents, with their trust and title', () => {
    const opened = openShard(serialiseShard(shard), expected);
    expect(opened.sections).toEqual(sections);
    expect(opened.documents).toEqual([{ ...documents[0], sections }]);
  });

  it('names the first field that is wrong', () => {
    const cases: [string, (d: Record<string, unknown> & TrustShard) => void][] = [
      ['sections[1].text: expected a string, got a number (7)', (d) => ((d.sections[1] as unknown as Record<string, unknown>).text = 7)],
      ['sections[2].headingPath[0]: expected a string, got null', (d) => ((d.sections[2] as unknown as Record<string, unknown>).headingPath = [null])],
      ['sections[0].ownsHeading: expected a boolean', (d) => ((d.sections[0] as unknown as Record<string, unknown>).ownsHeading = 'yes')],
      ['sections: 2 sections, the manifest lists 3', (d) => d.sections.pop()],
      ['index.terms.stems[0]: expected a string', (d) => ((d.index.terms as unknown as Record<string, unknown>).stems = [1])],
      ['index.units: expected an object, got an array', (d) => ((d.index as unknown as Record<string, unknown>).units = [])],
      ['trust: expected "t", got "u"', (d) => (d.trust = 'u')],
      [`formatVersion: expected ${INDEX_FORMAT_VERSION}`, (d) => (d.formatVersion = 0)],
    ];
    for (const [message, change] of cases) {
      const error: unknown = (() => {
        try {
          return openShard(changed(change), expected);
        } catch (e) {
          return e;
        }
      })();
      expect(error, message).toBeInstanceOf(ShardShapeError);
      expect(String(error), message).toContain(message);
    }
    expect(() => openShard('{"format":', expected)).toThrow(/not JSON/);
  });
});
