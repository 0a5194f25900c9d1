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
import { analyse, tokensOf, words, type Token } from './tokenizer.js';

/** One thing a question asks about: a glossary concept or a content stem. */
export interface QueryTerm {
  kind: 'concept' | 'stem';
  /** Concept id or stem. */
  key: string;
  /** Reached through a broader concept rather than named in the question. */
  broader: boolean;
  /** The question's word was a typo corrected to a policy word. */
  corrected: boolean;
  /**
   * Named only where the question sets the scene ("a pupil with autism keeps
   * refusing to get changed for PE") while the part that asks names a SEND
   * concept of its own ("should I raise this as a SEND concern?"): it says what
   * happened, not what is asked about. A role in the ask ("the TA isn't sure
   * what to do") says who asks, and an ask pointing back at the scene ("is that
   * SEND or something else?") asks about it: then nothing is scene.
   */
  scene?: boolean;
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
  /** Phrases the question puts in quotation marks ("what does 'best endeavours' mean?"), as tokens. */
  quoted: Token[][];
}

/** A phrase in single or double quotation marks, straight or curly; an apostrophe inside a word ("isn't") opens none. */
const QUOTED = /(?<![\p{L}\p{N}])['‘"“]([\p{L}\p{N}][^'‘’"“”]{0,78}[\p{L}\p{N}.])['’"”](?![\p{L}\p{N}])/gu;

/** The phrases `question` puts in quotation marks, in order. */
export function quotedPhrases(question: string): string[] {
  return [...question.matchAll(QUOTED)].map((m) => m[1] ?? '').filter((p) => p.length > 0);
}

/**
 * Texting spellings staff type in chat, and contractions typed without their
 * apostrophe, as the words they stand for. Only spellings that are never a word
 * of their own in a school policy are here ("u" and "r" would be, in "Year 10 u"
 * or a list item "r)").
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
  ['cant', "can't"],
  ['dont', "don't"],
  ['doesnt', "doesn't"],
  ['didnt', "didn't"],
  ['isnt', "isn't"],
  ['arent', "aren't"],
  ['wasnt', "wasn't"],
  ['havent', "haven't"],
  ['hasnt', "hasn't"],
  ['shouldnt', "shouldn't"],
  ['couldnt', "couldn't"],
  ['wouldnt', "wouldn't"],
  ['wont', "won't"],
  ['im', "i'm"],
  ['whats', "what's"],
  ['thats', "that's"],
  ['theres', "there's"],
  ['wheres', "where's"],
  ['whos', "who's"],
  ['hows', "how's"],
  ['theyre', "they're"],
  ['youre', "you're"],
  ['theyve', "they've"],
  ['youve', "you've"],
  ['ive', "i've"],
  ['shes', "she's"],
  ['hes', "he's"],
  ['itll', "it'll"],
  ['theyll', "they'll"],
  ['youll', "you'll"],
  ['shouldve', "should've"],
  ['couldve', "could've"],
  ['wouldve', "would've"],
  ['yr', 'year'],
  ['yrs', 'years'],
]);

const WHEN_WORDS = new Set(['when', 'deadline', 'timescale', 'timescales', 'timeframe', 'timeframes', 'notice']);
/** "How many times (a year)" asks how often. */
const TIMES = new Set(['times', 'time']);
const HOW_WHEN = new Set(['long', 'often', 'soon', 'quickly', 'frequently', 'regularly']);
/** "How many weeks (has the LA got)" asks for a length of time. */
const TIME_UNITS = new Set(['day', 'days', 'week', 'weeks', 'month', 'months', 'term', 'terms', 'year', 'years']);

/** True when `query` asks for a number of days, weeks, months, terms or years ("how many weeks has the LA got?"). */
export function asksForTimeCount(query: Pick<AnalysedQuery, 'tokens'>): boolean {
  const { tokens } = query;
  return tokens.some((t, i) => t.word === 'how' && tokens[i + 1]?.word === 'many' && TIME_UNITS.has(tokens[i + 2]?.word ?? ''));
}

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

const QUESTION_WORDS = new Set(['who', 'whose', 'whom', 'what', 'when', 'where', 'why', 'how', 'which']);
const AUXILIARIES = new Set(['do', 'does', 'did', 'is', 'are', 'was', 'were', 'can', 'could', 'should', 'would', 'will', 'must', 'may', 'shall', 'has', 'have', 'am']);

/** A stretch of a question between sentence ends, dashes, semicolons and commas, and whether it asks. */
export interface QuestionClause {
  text: string;
  asks: boolean;
  /** Its surface words ({@link words}). */
  words: string[];
}

/** Where a question's clauses meet: after a sentence's or a clause's punctuation, or at a dash between words. */
const CLAUSE_BREAK = /(?<=[.!?;:,])\s+|\s+[-\u2013\u2014]+\s+|\s*[\u2013\u2014]\s*/;

/**
 * The positions, among the words of a question, where each of its clause
 * `pieces` ({@link clausePieces}) starts, whether or not it asks. Just the
 * first when the pieces' words do not add up to the question's (a word joined
 * across a break).
 */
function clauseStarts(pieces: readonly QuestionClause[], wordCount: number): Set<number> {
  const starts = new Set<number>([0]);
  let at = 0;
  for (const piece of pieces) {
    starts.add(at);
    at += piece.words.length;
  }
  return at === wordCount ? starts : new Set([0]);
}

/** `question` cut at every {@link CLAUSE_BREAK}, each piece with its words and whether it asks. */
function clausePieces(question: string): QuestionClause[] {
  return question
    .split(CLAUSE_BREAK)
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .map((text) => {
      const w = words(text);
      return { text, asks: /\?\s*$/.test(text) || w.some((x) => QUESTION_WORDS.has(x)) || AUXILIARIES.has(w[0] ?? ''), words: w };
    });
}

/**
 * The clauses of `question`. A clause asks when it ends in a question mark,
 * names a question word or opens with an auxiliary ("should we…", "is
 * there…"); the others set the scene. A question that is all asking, or all
 * scene, is one asking clause. `pieces` are its {@link clausePieces}, when
 * already cut.
 */
export function questionClauses(question: string, pieces: readonly QuestionClause[] = clausePieces(question)): QuestionClause[] {
  if (pieces.every((c) => c.asks) || pieces.every((c) => !c.asks)) {
    // One clause is the whole question, words and all; words split across clauses may join ("co–ordinator").
    const [only] = pieces;
    return [{ text: question, asks: true, words: pieces.length === 1 && only ? only.words : words(question) }];
  }
  return [...pieces];
}

/** Words by which askers introduce themselves before their role: "I'm a new TA", "as head", "I am the SENDCo" ("im" is read as "i'm" first). */
const SELF_INTRODUCTIONS = new Set(["i'm", 'am', 'as']);

/** True when the role named at token `start` is the asker's own: one of the three words before it introduces the asker, or it is a "new" one. */
function introducesAsker(tokens: readonly Token[], start: number): boolean {
  if (tokens[start - 1]?.word === 'new') return true;
  for (let i = Math.max(0, start - 3); i < start; i++) if (SELF_INTRODUCTIONS.has(tokens[i]?.word ?? '')) return true;
  return false;
}

/** Words after which "who" asks a question ("so who pays?", "not sure who to tell") rather than describing the noun before it ("a girl who's just arrived"). */
const BEFORE_ASKING_WHO = new Set(['and', 'so', 'but', 'or', 'then', 'ok', 'okay', 'hi', 'hello', 'know', 'me', 'us', 'wondering', 'wonder', 'sure', 'idea', 'ask', 'asking', 'check', 'tell', 'out', 'to', 'with', 'about', 'by', 'from', 'is', 'are', 'exactly', 'basically', 'also', 'thanks', 'please']);

/** True when the word at `i` is "who" or "whose" asking a question: first in its clause or after {@link BEFORE_ASKING_WHO}. */
function asksWho(tokens: readonly Token[], i: number, clauseStarts: ReadonlySet<number>): boolean {
  const word = tokens[i]?.word;
  if (word !== 'who' && word !== 'whose') return false;
  return clauseStarts.has(i) || BEFORE_ASKING_WHO.has(tokens[i - 1]?.word ?? '');
}

/** Words of a clause that only thanks or greets ("ok ta", "cheers, ta"). */
const THANKS_WORDS = new Set(['ta', 'ok', 'okay', 'cheers', 'thanks', 'thank', 'you', 'lovely', 'great', 'brilliant', 'hi', 'hello', 'morning', 'all']);

/** "ta" read as the thanks it is, not as a teaching assistant. */
const THANKS_TOKEN: Token = { word: 'thanks', stem: stem('thanks'), stop: true };

/** True when a clause is nothing but thanks with a "ta" in it: "ta, when do we get paid?" thanks, it names no TA. */
function saysThanks(clauseWords: readonly string[]): boolean {
  return clauseWords.includes('ta') && clauseWords.every((w) => THANKS_WORDS.has(w));
}

/** "That" or "this" standing for what was said before: after an auxiliary ("is that", "does this") or before a verb ("that means"). */
const REFERRING_VERBS = new Set(['is', 'means', 'mean', 'make', 'makes', 'count', 'counts', 'sound', 'sounds']);

/** True when the token at `i` is "that" or "this" standing for the scene the question set ("…kicks off most afternoons – does that mean he's SEND?"). */
function refersBack(tokens: readonly Token[], i: number): boolean {
  const word = tokens[i]?.word;
  if (word !== 'that' && word !== 'this') return false;
  return AUXILIARIES.has(tokens[i - 1]?.word ?? '') || REFERRING_VERBS.has(tokens[i + 1]?.word ?? '');
}

/** Words after which a concept names the policy document ("the SEND policy") rather than what is asked about. */
const POLICY_WORDS = new Set(['policy', 'policies']);

/** Analyse `question` as asked on behalf of `trust`. */
export function analyseQuery(question: string, trust: TrustId, glossary: Glossary, corrector?: SpellingCorrector): AnalysedQuery {
  const corrected = new Set<number>();
  const asking: boolean[] = [];
  const analysed: Token[] = [];
  const pieces = clausePieces(question);
  const clauses = questionClauses(question, pieces);
  for (const clause of clauses) {
    // A clause of thanks before or after the question, or thanks alone ("thanks, ta"); "TA?" alone asks about TAs.
    const thanks = (clauses.length > 1 || clause.words.length > 1) && saysThanks(clause.words);
    for (const t of tokensOf(clause.words)) {
      analysed.push(thanks && t.word === 'ta' ? THANKS_TOKEN : t);
      asking.push(clause.asks);
    }
  }
  const tokens = analysed.map((t, i) => {
    const standard = TEXTING_SPELLINGS.get(t.word);
    if (standard !== undefined) return analyse(standard)[0] ?? t;
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
  // Concepts the asking part names; when one of them ties the question to SEND, the scene's concepts are only the scene.
  const asked = new Set<string>();
  for (const m of matches) {
    // "What does our SEND policy say?" names the policy asked, not a topic of the ask.
    const namesPolicy = POLICY_WORDS.has(tokens[m.end]?.word ?? '');
    for (let i = m.start; i < m.end; i++) if (asking[i] === true && !namesPolicy) asked.add(m.concept);
    // The asker's own role is part of the question, wherever it is said: "I'm a new TA - what am I expected to do?"
    if (glossary.isRole(m.concept) && introducesAsker(tokens, m.start)) asked.add(m.concept);
  }
  // A role in the ask says who asks, not what about; "does that make him SEN?" asks about the scene itself.
  const askHasAnchor = [...asked].some((c) => glossary.isAnchor(c) && !glossary.isRole(c)) && !tokens.some((_, i) => asking[i] === true && refersBack(tokens, i));
  for (const m of matches) {
    for (let i = m.start; i < m.end; i++) inConcept.add(i);
    if (seen.has(m.concept)) continue;
    seen.add(m.concept);
    let wasCorrected = false;
    for (let i = m.start; i < m.end; i++) if (corrected.has(i)) wasCorrected = true;
    concepts.push({ kind: 'concept', key: m.concept, broader: false, corrected: wasCorrected, ...(askHasAnchor && !asked.has(m.concept) ? { scene: true } : {}) });
  }
  // A question asking who does something is about a role, whatever its other words.
  const starts = clauseStarts(pieces, tokens.length);
  if (tokens.some((_, i) => asksWho(tokens, i, starts)) && glossary.entry(ROLE_CONCEPT) && !seen.has(ROLE_CONCEPT)) {
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
  const asksWhen = tokens.some(
    (t, i) => WHEN_WORDS.has(t.word) || (t.word === 'how' && (HOW_WHEN.has(tokens[i + 1]?.word ?? '') || (tokens[i + 1]?.word === 'many' && TIMES.has(tokens[i + 2]?.word ?? '')))),
  );
  const quoted = quotedPhrases(question).map((p) => analyse(p));
  return { tokens, concepts, freeStems, allStems, asksWhen, quoted };
}
