/**
 * The Porter2 ("English" Snowball) stemmer, preceded by a spelling step that
 * folds American spellings into the British ones the policies use, so that
 * "organize", "organization" and "organisation" all stem to `organis`, and
 * "behavior" meets "behaviour".
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const DOUBLES = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const LI_ENDINGS = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

const EXCEPTIONS: Record<string, string> = {
  skis: 'ski',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  idly: 'idl',
  gently: 'gentl',
  ugly: 'ugli',
  early: 'earli',
  only: 'onli',
  singly: 'singl',
  sky: 'sky',
  news: 'news',
  howe: 'howe',
  atlas: 'atlas',
  cosmos: 'cosmos',
  bias: 'bias',
  andes: 'andes',
};

const AFTER_STEP_1A = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);

/** American spellings whose British form differs by more than the `-ize` ending. */
const AMERICAN_TO_BRITISH: Record<string, string> = {
  behavior: 'behaviour',
  behaviors: 'behaviours',
  behavioral: 'behavioural',
  color: 'colour',
  colored: 'coloured',
  colors: 'colours',
  favor: 'favour',
  favorite: 'favourite',
  honor: 'honour',
  labor: 'labour',
  neighbor: 'neighbour',
  rumor: 'rumour',
  humor: 'humour',
  center: 'centre',
  centers: 'centres',
  theater: 'theatre',
  program: 'programme',
  programs: 'programmes',
  license: 'licence',
  defense: 'defence',
  offense: 'offence',
  enrollment: 'enrolment',
  fulfill: 'fulfil',
  fulfillment: 'fulfilment',
  judgment: 'judgement',
  aging: 'ageing',
  pediatric: 'paediatric',
  pediatrician: 'paediatrician',
  counseling: 'counselling',
  counselor: 'counsellor',
  traveling: 'travelling',
  modeling: 'modelling',
  labeled: 'labelled',
  labeling: 'labelling',
  canceled: 'cancelled',
  mold: 'mould',
  gray: 'grey',
  skeptical: 'sceptical',
  analyze: 'analyse',
  analyzed: 'analysed',
  analyzing: 'analysing',
  paralyze: 'paralyse',
  catalog: 'catalogue',
  dialog: 'dialogue',
  anemia: 'anaemia',
  anesthetic: 'anaesthetic',
  esophagus: 'oesophagus',
  estrogen: 'oestrogen',
  maneuver: 'manoeuvre',
  practicing: 'practising',
};

/** Words ending in `-ize` that are not the verb ending and must not become `-ise`. */
const IZE_KEEP = new Set(['size', 'sized', 'sizes', 'prize', 'prizes', 'seize', 'seized', 'capsize', 'maize', 'baize']);

/**
 * Fold an American spelling into its British form ("organize" → "organise",
 * "behavior" → "behaviour"). Words already British, or unknown, pass unchanged.
 * Input must be lower case.
 */
export function britishSpelling(word: string): string {
  const mapped = AMERICAN_TO_BRITISH[word];
  if (mapped !== undefined) return mapped;
  if (word.length > 5 && !IZE_KEEP.has(word)) {
    const m = /^(.{3,})iz(e|es|ed|ing|ation|ations|er|ers)$/.exec(word);
    if (m) return `${m[1]}is${m[2]}`;
  }
  return word;
}

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.has(ch);
}

/** Start of the region after the first non-vowel following a vowel, from `from`. */
function regionStart(word: string, from: number): number {
  for (let i = from + 1; i < word.length; i++) {
    if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
  }
  return word.length;
}

function r1Of(word: string): number {
  for (const prefix of ['gener', 'commun', 'arsen']) {
    if (word.startsWith(prefix)) return prefix.length;
  }
  return regionStart(word, 0);
}

function endsWithShortSyllable(word: string): boolean {
  const n = word.length;
  if (n === 2) return isVowel(word[0]) && !isVowel(word[1]);
  if (n < 3) return false;
  const a = word[n - 3];
  const b = word[n - 2];
  const c = word[n - 1];
  return !isVowel(a) && isVowel(b) && c !== undefined && !isVowel(c) && c !== 'w' && c !== 'x' && c !== 'Y';
}

function containsVowel(s: string): boolean {
  for (const ch of s) if (isVowel(ch)) return true;
  return false;
}

/**
 * Porter2 stem of a lower-case English word (no spelling folding). Words of one
 * or two letters, and words with digits, are returned unchanged.
 */
export function porter2(input: string): string {
  if (input.length <= 2 || /[^a-z']/.test(input)) return input;
  const exception = EXCEPTIONS[input];
  if (exception !== undefined) return exception;

  let w = input.startsWith("'") ? input.slice(1) : input;
  if (w.startsWith('y')) w = `Y${w.slice(1)}`;
  for (let i = 1; i < w.length; i++) {
    if (w[i] === 'y' && isVowel(w[i - 1])) w = `${w.slice(0, i)}Y${w.slice(i + 1)}`;
  }
  const r1 = r1Of(w);
  const r2 = regionStart(w, r1);
  const inR1 = (suffixLength: number): boolean => w.length - suffixLength >= r1;
  const inR2 = (suffixLength: number): boolean => w.length - suffixLength >= r2;

  // Step 0: possessives.
  for (const s of ["'s'", "'s", "'"]) {
    if (w.endsWith(s)) {
      w = w.slice(0, -s.length);
      break;
    }
  }

  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ied') || w.endsWith('ies')) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  else if (w.endsWith('us') || w.endsWith('ss')) {
    // unchanged
  } else if (w.endsWith('s') && containsVowel(w.slice(0, -2))) w = w.slice(0, -1);

  if (AFTER_STEP_1A.has(w)) return w;

  // Step 1b: -ed, -ing and friends.
  const step1b = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find((s) => w.endsWith(s));
  if (step1b === 'eed' || step1b === 'eedly') {
    if (inR1(step1b.length)) w = `${w.slice(0, -step1b.length)}ee`;
  } else if (step1b !== undefined) {
    const stemPart = w.slice(0, -step1b.length);
    if (containsVowel(stemPart)) {
      w = stemPart;
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (DOUBLES.some((d) => w.endsWith(d))) w = w.slice(0, -1);
      else if (endsWithShortSyllable(w) && r1 >= w.length) w += 'e';
    }
  }

  // Step 1c: y → i.
  if (w.length > 2 && (w.endsWith('y') || w.endsWith('Y')) && !isVowel(w[w.length - 2])) {
    w = `${w.slice(0, -1)}i`;
  }

  // Step 2.
  const step2: [string, string][] = [
    ['ization', 'ize'],
    ['ational', 'ate'],
    ['fulness', 'ful'],
    ['ousness', 'ous'],
    ['iveness', 'ive'],
    ['tional', 'tion'],
    ['biliti', 'ble'],
    ['lessli', 'less'],
    ['entli', 'ent'],
    ['ation', 'ate'],
    ['alism', 'al'],
    ['aliti', 'al'],
    ['ousli', 'ous'],
    ['iviti', 'ive'],
    ['fulli', 'ful'],
    ['enci', 'ence'],
    ['anci', 'ance'],
    ['abli', 'able'],
    ['izer', 'ize'],
    ['ator', 'ate'],
    ['alli', 'al'],
    ['bli', 'ble'],
    ['ogi', 'og'],
    ['li', ''],
  ];
  for (const [suffix, replacement] of step2) {
    if (!w.endsWith(suffix)) continue;
    if (inR1(suffix.length)) {
      if (suffix === 'ogi') {
        if (w[w.length - 4] === 'l') w = `${w.slice(0, -3)}og`;
      } else if (suffix === 'li') {
        const before = w[w.length - 3];
        if (before !== undefined && LI_ENDINGS.has(before)) w = w.slice(0, -2);
      } else {
        w = w.slice(0, -suffix.length) + replacement;
      }
    }
    break;
  }

  // Step 3.
  const step3: [string, string][] = [
    ['ational', 'ate'],
    ['tional', 'tion'],
    ['alize', 'al'],
    ['icate', 'ic'],
    ['iciti', 'ic'],
    ['ative', ''],
    ['ical', 'ic'],
    ['ness', ''],
    ['ful', ''],
  ];
  for (const [suffix, replacement] of step3) {
    if (!w.endsWith(suffix)) continue;
    if (inR1(suffix.length)) {
      if (suffix === 'ative') {
        if (inR2(suffix.length)) w = w.slice(0, -suffix.length);
      } else {
        w = w.slice(0, -suffix.length) + replacement;
      }
    }
    break;
  }

  // Step 4.
  const step4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];
  for (const suffix of step4) {
    if (!w.endsWith(suffix)) continue;
    if (inR2(suffix.length)) {
      if (suffix === 'ion') {
        const before = w[w.length - 4];
        if (before === 's' || before === 't') w = w.slice(0, -3);
      } else {
        w = w.slice(0, -suffix.length);
      }
    }
    break;
  }

  // Step 5.
  if (w.endsWith('e')) {
    if (inR2(1) || (inR1(1) && !endsWithShortSyllable(w.slice(0, -1)))) w = w.slice(0, -1);
  } else if (w.endsWith('ll') && inR2(1)) {
    w = w.slice(0, -1);
  }

  return w.replaceAll('Y', 'y');
}

/** Stems that British usage splits by part of speech but a search should join. */
const STEM_MERGES: Record<string, string> = {
  practis: 'practic',
  licens: 'licenc',
};

/** Stems already worked out: policies and questions use a few thousand distinct words over and over. */
const stemCache = new Map<string, string>();
/** The cache is emptied when it holds this many words, so odd input cannot grow it without bound. */
const STEM_CACHE_LIMIT = 100_000;

/**
 * The search stem of a lower-case word: British spelling, then Porter2, then
 * merges of British noun/verb pairs ("practice"/"practise"). Remembered per word.
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const s = porter2(britishSpelling(word));
  const merged = STEM_MERGES[s] ?? s;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, merged);
  return merged;
}
