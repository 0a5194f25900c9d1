/**
 * Text analysis shared by the index, the glossary and the query: normalise,
 * split into words, stem. Every piece of text the search compares goes through
 * {@link analyse}, so a policy sentence and a staff question meet on the same terms.
 */
import { stem } from './stemmer.js';
import { isStopWord, STOP_WORDS } from './stop-words.js';

/** One word of a text after analysis. */
export interface Token {
  /** Lower-case surface form with straight apostrophes, e.g. `"sendco's"` → `"sendco"`. */
  word: string;
  /** Search stem, e.g. `"assessments"` → `"assess"`. */
  stem: string;
  /** True for function words and question filler, which never count as content. */
  stop: boolean;
}

/** Prefixes written with or without a hyphen ("co-ordinator", "coordinator"): joined. */
const JOINED_PREFIXES = new Set(['co', 're', 'pre', 'non', 'multi', 'sub', 'inter', 'post', 'self', 'well', 'e']);

/**
 * Lower-case `text` and fold typographic variants: curly quotes to straight,
 * en/em dashes to hyphens, `*` removed, whitespace runs to one space.
 */
export function normaliseText(text: string): string {
  return foldText(text).replace(/\s+/g, ' ').trim();
}

/** {@link normaliseText} without the whitespace step, which changes no word {@link words} finds. */
function foldText(text: string): string {
  // Compatibility normalisation changes no ASCII character.
  let out = (NON_ASCII.test(text) ? text.normalize('NFKC') : text).toLowerCase();
  if (TYPOGRAPHIC.test(out)) {
    out = out
      .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
      .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\*/g, '');
  }
  return out;
}

/** Any character outside ASCII. */
const NON_ASCII = /[^\x00-\x7f]/;

/** Any character {@link normaliseText} folds or removes besides whitespace. */
const TYPOGRAPHIC = /[\u2018\u2019\u201b\u2032`\u201c\u201d\u201f\u2033\u2010-\u2015\u2212*]/;

const WORD = /[a-z0-9]+(?:'[a-z]+)*(?:-[a-z0-9]+(?:'[a-z]+)*)*/g;

/** Split normalised text into surface words, handling hyphens, possessives and year groups. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of foldText(text).matchAll(WORD)) {
    const raw = match[0];
    if (!raw.includes('-')) {
      pushWord(out, raw);
      continue;
    }
    const parts = raw.split('-');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      const next = parts[i + 1];
      if (next !== undefined && JOINED_PREFIXES.has(part)) {
        parts[i + 1] = part + next;
        continue;
      }
      pushWord(out, part);
    }
  }
  return out;
}

/** Add one piece of a word to `out`: possessive dropped, "y5"/"year5" as "year 5", "ks2" as "key stage 2". */
function pushWord(out: string[], piece: string): void {
  const word = piece.includes("'") ? piece.replace(/'s$/, '').replace(/'$/, '') : piece;
  if (word.length === 0) return;
  const last = word.charCodeAt(word.length - 1);
  if (last >= 48 && last <= 57) {
    const year = /^(?:y|yr|year)(\d{1,2})$/.exec(word);
    if (year?.[1] !== undefined) {
      out.push('year', year[1]);
      return;
    }
    const keyStage = /^ks(\d)$/.exec(word);
    if (keyStage?.[1] !== undefined) {
      out.push('key', 'stage', keyStage[1]);
      return;
    }
  }
  out.push(word);
}

/** Analyse `text` into tokens: surface word, stem and stop flag, in order. */
export function analyse(text: string): Token[] {
  return tokensOf(words(text));
}

/** The tokens of surface words already split by {@link words}. */
export function tokensOf(surface: readonly string[]): Token[] {
  return surface.map((word, i) => ({ word, stem: isSendVerb(word, surface[i + 1]) ? SEND_VERB_STEM : stemOf(word), stop: isStopWord(word) }));
}

/** The stem of the verb "send", kept apart from the acronym SEND ("will HR send a reminder?"). */
export const SEND_VERB_STEM = 'send:verb';

/**
 * Words after which a lower-case "send" can only be the verb ("send a reminder",
 * "send them home"): never after the acronym, as "the" or "that" can be
 * ("pupils with SEND the school…").
 */
const SEND_VERB_FOLLOWERS = new Set(['a', 'an', 'them', 'him', 'her', 'me', 'us', 'you']);

/** True when `word` is the verb "send", never the acronym: "sends", "sending", or "send" followed by its object. */
function isSendVerb(word: string, next: string | undefined): boolean {
  if (word === 'sends' || word === 'sending') return true;
  return word === 'send' && next !== undefined && SEND_VERB_FOLLOWERS.has(next);
}

function stemOf(word: string): string {
  return stem(word.replace(/'/g, ''));
}

/** The stems of the stop words, each with a number: any token flagged stop has one of these stems. */
export const STOP_WORD_STEMS: ReadonlyMap<string, number> = new Map([...new Set([...STOP_WORDS].map(stemOf))].map((s, i) => [s, i]));

/** The stems of the content words of `text` (stop words removed), in order. */
export function contentStems(text: string): string[] {
  return analyse(text)
    .filter((t) => !t.stop)
    .map((t) => t.stem);
}
