/**
 * A staff question analysed for search: typos corrected against the policies'
 * words, glossary concepts found (with the broader concepts they imply), and the
 * content stems left over.
 */
import type { TrustId } from '../knowledge/types.js';
import type { Glossary } from './glossary.js';
import type { SpellingCorrector } from './spelling.js';
import { stem } from './stemmer.js';
import { isStopWord } from './stop-words.js';
import { analyse, type Token } from './tokenizer.js';

/** One thing a question asks about: a glossary concept or a content stem. */
export interface QueryTerm {
  kind: 'concept' | 'stem';
  /** Concept id or stem. */
  key: string;
  /** Reached through a broader concept rather than named in the question. */
  broader: boolean;
  /** The question's word was a typo corrected to a policy word. */
  corrected: boolean;
}

/** A question after analysis. */
export interface AnalysedQuery {
  /** Tokens after typo correction. */
  tokens: Token[];
  /** Concepts named in the question, then the broader ones they imply. */
  concepts: QueryTerm[];
  /** Content stems outside any concept match. */
  freeStems: QueryTerm[];
  /** Every distinct content stem, for the lexical index. */
  allStems: QueryTerm[];
  /** The question asks when, how long or how often: the answer is a time, date or number. */
  asksWhen: boolean;
}

/**
 * Texting spellings staff type in chat, as the words they stand for. Only
 * spellings that are never a word of their own in a school policy are here
 * ("u" and "r" would be, in "Year 10 u" or a list item "r)").
 */
const TEXTING_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['wen', 'when'],
  ['wot', 'what'],
  ['wat', 'what'],
  ['wht', 'what'],
  ['shud', 'should'],
  ['shld', 'should'],
  ['cud', 'could'],
  ['wud', 'would'],
  ['ur', 'your'],
  ['pls', 'please'],
  ['plz', 'please'],
  ['b4', 'before'],
  ['coz', 'because'],
  ['cuz', 'because'],
  ['thru', 'through'],
  ['tho', 'though'],
  ['sumone', 'someone'],
  ['some1', 'someone'],
  ['any1', 'anyone'],
  ['abt', 'about'],
  ['wk', 'week'],
  ['wks', 'weeks'],
  ['yr', 'year'],
  ['yrs', 'years'],
]);

const WHEN_WORDS = new Set(['when', 'deadline', 'timescale', 'timescales', 'timeframe', 'timeframes', 'notice']);
const HOW_WHEN = new Set(['long', 'often', 'soon', 'quickly', 'frequently']);

/**
 * `query` as `index`'s policy can answer it: a topic the policy never names
 * but covers through a broader concept it does name (the EHC needs assessment
 * through "an EHCP may be applied for") is asked about through that concept.
 */
export function localiseQuery(query: AnalysedQuery, glossary: Glossary, has: (concept: string) => boolean): AnalysedQuery {
  const promote = new Set<string>();
  for (const c of query.concepts) {
    if (c.broader || has(c.key) || !glossary.isTopical(c.key)) continue;
    for (const b of glossary.broader(c.key)) if (has(b)) promote.add(b);
  }
  if (promote.size === 0) return query;
  return { ...query, concepts: query.concepts.map((c) => (c.broader && promote.has(c.key) ? { ...c, broader: false } : c)) };
}

/** The glossary concept a "who …?" question is about. */
export const ROLE_CONCEPT = 'responsibility';

/** Analyse `question` as asked on behalf of `trust`. */
export function analyseQuery(question: string, trust: TrustId, glossary: Glossary, corrector?: SpellingCorrector): AnalysedQuery {
  const corrected = new Set<number>();
  const tokens = analyse(question).map((t, i) => {
    const standard = TEXTING_SPELLINGS.get(t.word);
    if (standard !== undefined) return { word: standard, stem: stem(standard), stop: isStopWord(standard) };
    if (t.stop || corrector === undefined) return t;
    const fixed = corrector.correct(t.word);
    if (fixed === undefined) return t;
    corrected.add(i);
    return { word: fixed, stem: stem(fixed), stop: isStopWord(fixed) };
  });
  const matches = glossary.match(tokens, trust);
  const inConcept = new Set<number>();
  const concepts: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const m of matches) {
    for (let i = m.start; i < m.end; i++) inConcept.add(i);
    if (seen.has(m.concept)) continue;
    seen.add(m.concept);
    let wasCorrected = false;
    for (let i = m.start; i < m.end; i++) if (corrected.has(i)) wasCorrected = true;
    concepts.push({ kind: 'concept', key: m.concept, broader: false, corrected: wasCorrected });
  }
  // A question asking who does something is about a role, whatever its other words.
  if (tokens.some((t) => t.word === 'who' || t.word === 'whose') && glossary.entry(ROLE_CONCEPT) && !seen.has(ROLE_CONCEPT)) {
    seen.add(ROLE_CONCEPT);
    concepts.push({ kind: 'concept', key: ROLE_CONCEPT, broader: false, corrected: false });
  }
  for (const c of [...concepts]) {
    for (const b of glossary.broader(c.key)) {
      if (seen.has(b)) continue;
      seen.add(b);
      concepts.push({ kind: 'concept', key: b, broader: true, corrected: c.corrected });
    }
  }
  const freeStems: QueryTerm[] = [];
  const allStems: QueryTerm[] = [];
  const seenFree = new Set<string>();
  const seenAll = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.stop || t.stem.length < 2) return;
    const term: QueryTerm = { kind: 'stem', key: t.stem, broader: false, corrected: corrected.has(i) };
    if (!seenAll.has(t.stem)) {
      seenAll.add(t.stem);
      allStems.push(term);
    }
    if (!inConcept.has(i) && !seenFree.has(t.stem)) {
      seenFree.add(t.stem);
      freeStems.push(term);
    }
  });
  const asksWhen = tokens.some((t, i) => WHEN_WORDS.has(t.word) || (t.word === 'how' && HOW_WHEN.has(tokens[i + 1]?.word ?? '')));
  return { tokens, concepts, freeStems, allStems, asksWhen };
}
