import path from 'node:path';
import MiniSearch, { type Options, type Query, type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
import { loadGlossary } from '../../../src/search/glossary.js';
import { mulberry32 } from '../../../bench/synthetic-corpus.js';
import { boundedDistance, LexicalIndex, type StoredLexicalIndex, type TermGroup } from '../../../src/search/lexical-index.js';
import { analyse } from '../../../src/search/tokenizer.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';

interface Doc {
  id: number;
  heading: string;
  text: string;
  concepts: string;
}

const OPTIONS: Options<Doc> = {
  fields: ['heading', 'text', 'concepts'],
  tokenize: (text) => text.split(' ').filter((t) => t.length > 0),
  processTerm: (term) => term,
};

const knowledge = await loadKnowledge(KNOWLEDGE_DIR);
const glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'));

/** Each real trust's sections as the index documents them: content stems of heading and text, and glossary concepts. */
const trusts = knowledge.trusts.map((trust) => {
  const sections = knowledge.documents.filter((d) => d.trust === trust.id).flatMap((d) => d.sections);
  const docs: Doc[] = sections.flatMap((s, id) => {
    if (id % 7 === 3) return []; // Not every section is indexed: document numbers and ids differ.
    const stems = (text: string) => analyse(text).filter((t) => !t.stop).map((t) => t.stem);
    return [{ id, heading: stems(s.headingPath.join('\n')).join(' '), text: stems(s.text).join(' '), concepts: glossary.conceptsOf(`${s.headingPath.join(' ')} ${s.text}`, trust.id).join(' ') }];
  });
  const mini = new MiniSearch<Doc>(OPTIONS);
  mini.addAll(docs);
  return { trust: trust.id, docs, mini };
});

/** A query of term groups, and the same query as minisearch is asked it. */
interface Case {
  groups: TermGroup[];
  query: Query;
  options: SearchOptions;
}

/** `groups` as one minisearch query: an OR of one subquery per group, the field boosts given once for all. */
function asMiniSearch(groups: readonly TermGroup[], fieldBoosts: Record<string, number>, fraction?: number): Case {
  const queries = groups.map((g): Query => {
    const byTerm = new Map(g.terms.map((t) => [t.term, t]));
    return {
      fields: g.fields.map(([name]) => name),
      boostTerm: (term) => byTerm.get(term)?.boost ?? 1,
      // A fraction of the term's length where one is given, as minisearch's own option does.
      fuzzy: (term) => ((byTerm.get(term)?.fuzzy ?? 0) > 0 ? (fraction ?? byTerm.get(term)?.fuzzy ?? 0) : false),
      prefix: (term) => byTerm.get(term)?.prefix === true,
      ...(g.weights ? { weights: g.weights } : {}),
      queries: [g.terms.map((t) => t.term).join(' ')],
      combineWith: 'OR',
    };
  });
  return { groups: [...groups], query: { combineWith: 'OR', queries }, options: { boost: fieldBoosts } };
}

/** Queries shaped like the product's: stems (some misspelt or cut short) with boosts, fuzzy and prefix matching, and concepts. */
function queries(docs: readonly Doc[], seed: number, count: number): Case[] {
  const next = mulberry32(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const words = [...new Set(docs.flatMap((d) => d.text.split(' ')).filter((w) => w.length > 0))];
  const concepts = [...new Set(docs.flatMap((d) => d.concepts.split(' ')).filter((w) => w.length > 0))];
  const boosts = { heading: 2, text: 1, concepts: 1.2 };
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const terms = [
      ...new Set(
        Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
          const w = pick(words);
          const roll = next();
          if (roll < 0.15 && w.length > 3) return `${w.slice(0, 1)}${w.slice(2)}`; // a letter dropped
          if (roll < 0.25) return `${w}x`; // a letter added
          if (roll < 0.35) return w.slice(0, Math.max(2, w.length - 2)); // cut short
          if (roll < 0.4) return 'zzqx';
          return w;
        }),
      ),
    ];
    const last = terms.at(-1);
    // A fraction of the length (0.3) in every fifth query, as minisearch reads it; one edit in the others.
    const fraction = i % 5 === 0 ? 0.3 : undefined;
    const stems: TermGroup = {
      fields: [
        ['heading', boosts.heading],
        ['text', boosts.text],
      ],
      terms: terms.map((term) => {
        const fuzzy = term.length >= (i % 3 === 0 ? 4 : 6) && !words.includes(term) ? (fraction === undefined ? 1 : Math.min(6, Math.round(term.length * fraction))) : 0;
        return { term, boost: pick([1, 0.8, 0.5]), fuzzy, prefix: i % 2 === 0 && term === last && term.length >= 3 };
      }),
      weights: { fuzzy: 0.35, prefix: 0.5 },
    };
    const named = [...new Set(Array.from({ length: Math.floor(next() * 3) }, () => pick(concepts)))];
    const conceptGroup: TermGroup = { fields: [['concepts', boosts.concepts]], terms: named.map((term) => ({ term, boost: 1.2, fuzzy: 0, prefix: false })) };
    out.push(asMiniSearch([stems, conceptGroup], boosts, fraction));
    if (i % 10 === 0) {
      // Every field, every term prefix and fuzzy (minisearch's `{ prefix: true, fuzzy: 0.2 }`), default weights.
      const all: TermGroup = {
        fields: [
          ['heading', 1],
          ['text', 1],
          ['concepts', 1],
        ],
        terms: terms.map((term) => ({ term, boost: 1, fuzzy: Math.min(6, Math.round(term.length * 0.2)), prefix: true })),
      };
      out.push(asMiniSearch([all], {}, 0.2));
    }
  }
  return out;
}

/** The query without prefix or fuzzy matching. */
function exactOnly(query: Query): Query {
  return typeof query === 'object' ? { ...query, fuzzy: false, prefix: false, queries: query.queries.map(exactOnly) } : query;
}

const results = (list: readonly { id: unknown; score: number }[]) => list.map((r) => [r.id, r.score]);

describe('LexicalIndex', () => {
  it('answers every query as the saved and loaded minisearch index does: same documents, same scores, same order', () => {
    let compared = 0;
    let loose = 0;
    for (const [t, { docs, mini }] of trusts.entries()) {
      const loaded = MiniSearch.loadJS<Doc>(JSON.parse(JSON.stringify(mini)) as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
      const index = LexicalIndex.fromMiniSearch(mini);
      const restored = LexicalIndex.restore(JSON.parse(JSON.stringify(index.store())) as StoredLexicalIndex);
      for (const { groups, query, options } of queries(docs, 1000 + t, 150)) {
        const expected = results(loaded.search(query, options));
        expect(results(index.search(groups))).toEqual(expected);
        expect(results(restored.search(groups))).toEqual(expected);
        compared += expected.length;
        // Count the queries whose prefix and fuzzy matches changed the results, so both are exercised.
        if (JSON.stringify(results(loaded.search(exactOnly(query), options))) !== JSON.stringify(expected)) loose++;
      }
    }
    expect(compared).toBeGreaterThan(5_000);
    expect(loose).toBeGreaterThan(100);
  });

  it('counts a term named in two groups once toward a document\'s quality, as minisearch does', () => {
    const { docs, mini } = trusts[0] ?? { docs: [], mini: new MiniSearch<Doc>(OPTIONS) };
    const loaded = MiniSearch.loadJS<Doc>(JSON.parse(JSON.stringify(mini)) as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
    const shared = docs.flatMap((d) => d.concepts.split(' ')).find((c) => c.length > 0 && docs.some((d) => d.text.split(' ').includes(c))) ?? 'send';
    const term = { term: shared, boost: 1, fuzzy: 0, prefix: false };
    const { groups, query, options } = asMiniSearch(
      [
        { fields: [['text', 1]], terms: [term, { ...term, term: 'pupil' }] },
        { fields: [['concepts', 1.2]], terms: [term] },
      ],
      { text: 1, concepts: 1.2 },
    );
    const expected = results(loaded.search(query, options));
    expect(expected.length).toBeGreaterThan(0);
    expect(results(LexicalIndex.fromMiniSearch(mini).search(groups))).toEqual(expected);
  });

  it('refuses a stored index that does not fit, naming the field', () => {
    const stored = LexicalIndex.fromMiniSearch(trusts[0]?.mini ?? new MiniSearch<Doc>(OPTIONS)).store();
    expect(() => LexicalIndex.restore({ ...stored, documentCount: stored.documentCount + 1 })).toThrow(/^documentIds: /);
    expect(() => LexicalIndex.restore({ ...stored, terms: stored.terms.slice(1) })).toThrow(/^postings\[0\]\.offsets: /);
    expect(() => LexicalIndex.restore({ ...stored, averageFieldLength: [1] })).toThrow(/^averageFieldLength: /);
  });
});

describe('boundedDistance', () => {
  /** The textbook Levenshtein distance, for comparison. */
  function levenshtein(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) current.push(Math.min((previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1), (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
      previous = current;
    }
    return previous[b.length] ?? 0;
  }

  it('agrees with the full Levenshtein distance up to its bound, and reports anything beyond as bound + 1', () => {
    const random = mulberry32(7);
    const word = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => 'abcde'[Math.floor(random() * 5)]).join('');
    for (let n = 0; n < 3000; n++) {
      const a = word();
      const b = random() < 0.5 ? word() : a.slice(0, Math.floor(random() * a.length)) + word().slice(0, 2) + a.slice(Math.floor(random() * a.length));
      const max = Math.floor(random() * 4);
      const expected = levenshtein(a, b);
      expect(boundedDistance(a, b, max), `${a} ${b} ${max}`).toBe(expected <= max ? expected : max + 1);
    }
  });
});
