import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrustLoader } from '../../../src/answers/trust-loader.js';
import { isAssistantError } from '../../../src/errors.js';
import { serialiseShard, SHARD_FORMAT, type DocumentEntry, type TrustShard } from '../../../src/search/artifact-shard.js';
import { INDEX_FORMAT_VERSION, type IndexManifest } from '../../../src/search/artifact.js';
import { loadGlossary } from '../../../src/search/glossary.js';
import { analyseQuery } from '../../../src/search/query.js';
import { rankSections } from '../../../src/search/ranker.js';
import { TrustIndex } from '../../../src/search/trust-index.js';
import { KNOWLEDGE_DIR } from './shared-knowledge-base.js';
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

/** The shard's JSON with one change made to its parsed data. */
function changed(change: (data: Record<string, unknown> & TrustShard) => void): string {
  const data = JSON.parse(serialiseShard(shard)) as Record<string, unknown> & TrustShard;
  change(data);
  return JSON.stringify(data);
}

describe('TrustLoader', () => {
  const manifest = {
    trusts: [{ id: 't', displayName: 'T', tenantIds: [], sendcoRole: 'SENDCo', policies: [{ file: 'policies/policy.md' }] }],
    documents,
    trustFiles: { t: { file: 't.0123456789abcdef.json', sha256: '0'.repeat(64), bytes: 1, sections: 3, vectors: 0 } },
  } as unknown as IndexManifest;
  const loader = (text: string) => new TrustLoader({ manifest, read: () => ({ name: 'trusts/t.json', text }), glossary, semantic: false });

  it('holds at most the set number of trusts, letting go of the one asked about least recently', () => {
    const ids = ['a', 'b', 'c'];
    const shardOf = (trust: string): string => {
      const own = sections.map((s) => ({ ...s, id: s.id.replace(/^t\//, `${trust}/`), trust }));
      return serialiseShard({ ...shard, trust, sections: own.map(({ id, headingPath, ownsHeading, text, order }) => ({ id, headingPath, ownsHeading, text, order })), index: TrustIndex.build(trust, own, glossary).store() });
    };
    const many = {
      trusts: ids.map((id) => ({ id, displayName: id, tenantIds: [], sendcoRole: 'SENDCo', policies: [{ file: 'policies/policy.md' }] })),
      documents: ids.map((trust) => ({ ...documents[0], trust })),
      trustFiles: Object.fromEntries(ids.map((id) => [id, { file: `${id}.0123456789abcdef.json`, sha256: '0'.repeat(64), bytes: 1, sections: 3, vectors: 0 }])),
    } as unknown as IndexManifest;
    const reads: string[] = [];
    const l = new TrustLoader({ manifest: many, read: (trust) => (reads.push(trust), { name: trust, text: shardOf(trust) }), glossary, semantic: false, maxLoaded: 2 });
    l.get('a');
    l.get('b');
    l.get('a');
    l.get('c');
    expect(l.loadedCount).toBe(2);
    l.get('a');
    expect(reads).toEqual(['a', 'b', 'c']);
    // b was asked about least recently, so it was let go: it is read again, and c goes instead.
    const query = analyseQuery('annual review notice', 'b', glossary);
    expect(rankSections(l.get('b')?.index ?? index, query).map((r) => r.index)).toEqual(rankSections(index, query).map((r) => r.index));
    expect(l.section('b/policy/2')?.trust).toBe('b');
    expect(reads).toEqual(['a', 'b', 'c', 'b']);
    l.get('a');
    l.get('c');
    expect(reads).toEqual(['a', 'b', 'c', 'b', 'c']);
    expect(l.loadedCount).toBe(2);
  });

  it('loads a trust on first use, ranking as the index it was saved from', () => {
    const l = loader(serialiseShard(shard));
    expect(l.loadedCount).toBe(0);
    const loaded = l.get('t');
    expect(l.loadedCount).toBe(1);
    const query = analyseQuery('annual review notice', 't', glossary);
    expect(rankSections(loaded?.index ?? index, query)).toEqual(rankSections(index, query));
    expect(l.section('t/policy/2')?.headingPath).toEqual(['SEND Policy', 'Complaints']);
    expect(l.get('nowhere')).toBeUndefined();
  });

  it('refuses a trust file that does not fit, naming the file and the field', () => {
    const broken = [
      changed((d) => ((d.index.units as unknown as Record<string, unknown>).offsets = 'h')),
      changed((d) => ((d.index.terms as unknown as Record<string, unknown>).offsets = 'h')),
      changed((d) => (d.index.lexical.postings[1] = { ...d.index.lexical.postings[0], counts: d.index.lexical.postings[0]?.counts.slice(0, 4) ?? '' } as (typeof d.index.lexical.postings)[number])),
    ];
    const fields = ['index.units.offsets', 'index.terms.offsets', 'index.lexical.postings[1]'];
    broken.forEach((text, i) => {
      const error: unknown = (() => {
        try {
          return loader(text).get('t');
        } catch (e) {
          return e;
        }
      })();
      expect(isAssistantError(error, 'INDEX_INVALID'), fields[i]).toBe(true);
      expect(String(error)).toContain(`trusts/t.json: ${fields[i]}`);
    });
  });
});
