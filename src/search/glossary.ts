/**
 * The SEND glossary (`knowledge/glossary.json`): concepts staff name in many ways
 * (acronyms, spellings, everyday words), matched in policy text at index time and
 * in questions at query time, so "SENDCo", "SENCO" and "special educational needs
 * coordinator" all meet on the concept `senco`.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AssistantError } from '../errors.js';
import type { TrustId } from '../knowledge/types.js';
import { analyse, type Token } from './tokenizer.js';

/**
 * How a concept counts in a question. `process`, `document`, `funding` and
 * `topic` concepts are topics: a question about a topic the trust's policy never
 * mentions is not covered by it. `need` (a pupil's condition), `person`, `role`,
 * `body`, `provision` and `general` describe the pupil, the asker or the setting.
 * `word` concepts are everyday words ("define", "tell", "every year") that join
 * spellings but do not make a question a SEND question; every other kind does.
 */
export const conceptKinds = ['word', 'general', 'person', 'role', 'body', 'need', 'provision', 'process', 'document', 'funding', 'topic'] as const;

/** A concept kind; see {@link conceptKinds}. */
export type ConceptKind = (typeof conceptKinds)[number];

const TOPICAL_KINDS: ReadonlySet<ConceptKind> = new Set(['process', 'document', 'funding', 'topic']);
const NON_ANCHOR_KINDS: ReadonlySet<ConceptKind> = new Set(['word', 'person']);

const entrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case id'),
  kind: z.enum(conceptKinds),
  terms: z.array(z.string().trim().min(1)).min(1),
  /** Only these trusts' policies use the terms this way. */
  trusts: z.array(z.string().min(1)).min(1).optional(),
  /** Concepts a question about this one should also match, e.g. dyspraxia → specific learning difficulties. */
  broader: z.array(z.string().min(1)).min(1).optional(),
  /** How strongly naming the concept ties a question to SEND, where its kind says otherwise: a teacher or a governor is named in any school question. */
  anchor: z.enum(['none', 'weak', 'strong']).optional(),
});

const glossarySchema = z.strictObject({
  $comment: z.string().optional(),
  entries: z.array(entrySchema).min(1),
});

/** One glossary concept as authored. */
export type GlossaryEntry = z.infer<typeof entrySchema>;

/** The glossary file as authored. */
export type GlossaryFile = z.infer<typeof glossarySchema>;

/** A concept found in analysed text: its id and the token range it covers. */
export interface ConceptMatch {
  concept: string;
  /** Index of the first token (in the token array given to {@link Glossary.match}). */
  start: number;
  /** Index after the last token. */
  end: number;
}

/** Words a term may include or leave out without changing its meaning ("health and care plan"). */
const CONNECTORS = new Set(['and', 'or', 'of', 'the', 'a', 'an', 'for', 'to']);

interface CompiledTerm {
  stems: string[];
  /** For `=word` terms: the exact words to match instead of stems. */
  exact?: string[];
  entry: GlossaryEntry;
}

/** The glossary, compiled for matching. Build with {@link parseGlossary} or {@link loadGlossary}. */
export class Glossary {
  readonly entries: readonly GlossaryEntry[];
  private readonly byId = new Map<string, GlossaryEntry>();
  /** Terms keyed by their first stem, longest first. */
  private readonly byFirstStem = new Map<string, CompiledTerm[]>();
  private readonly maxTermLength: number;

  constructor(entries: readonly GlossaryEntry[]) {
    this.entries = entries;
    let maxLength = 1;
    for (const entry of entries) {
      this.byId.set(entry.id, entry);
      for (const term of entry.terms) {
        const exact = term.startsWith('=');
        const tokens = termTokens(exact ? term.slice(1) : term);
        const stems = tokens.map((t) => t.stem);
        const first = stems[0];
        if (first === undefined) continue;
        maxLength = Math.max(maxLength, stems.length);
        const list = this.byFirstStem.get(first) ?? [];
        list.push({ stems, ...(exact ? { exact: tokens.map((t) => t.word) } : {}), entry });
        this.byFirstStem.set(first, list);
      }
    }
    for (const list of this.byFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length);
    this.maxTermLength = maxLength;
  }

  /** The entry with this id. */
  entry(id: string): GlossaryEntry | undefined {
    return this.byId.get(id);
  }

  /** True when a question naming this concept is about it (see {@link conceptKinds}). */
  isTopical(id: string): boolean {
    const entry = this.byId.get(id);
    return entry !== undefined && TOPICAL_KINDS.has(entry.kind);
  }

  /** True for people with a part in SEND provision: roles in school and the trust, and outside bodies (SENCO, governors, educational psychologist). */
  isRole(id: string): boolean {
    const kind = this.byId.get(id)?.kind;
    return kind === 'role' || kind === 'body';
  }

  /** True when naming this concept makes a question a SEND question (every kind but `word` and `person`). */
  isAnchor(id: string): boolean {
    return this.anchorStrength(id) !== 'none';
  }

  /**
   * How strongly naming this concept ties a question to SEND: `none` for
   * everyday words and people, `weak` for general terms ("SEND", "disability",
   * "inclusion") and for roles every school has (teachers, governors), `strong`
   * for anything more specific. An entry's `anchor` overrides its kind's.
   */
  anchorStrength(id: string): 'none' | 'weak' | 'strong' {
    const entry = this.byId.get(id);
    if (entry === undefined) return 'none';
    if (entry.anchor !== undefined) return entry.anchor;
    if (NON_ANCHOR_KINDS.has(entry.kind)) return 'none';
    return entry.kind === 'general' ? 'weak' : 'strong';
  }

  /** The concepts `id` is a kind of, transitively, not including `id`. */
  broader(id: string): string[] {
    const out: string[] = [];
    const queue = [...(this.byId.get(id)?.broader ?? [])];
    while (queue.length > 0) {
      const next = queue.shift();
      if (next === undefined || out.includes(next) || next === id) continue;
      out.push(next);
      queue.push(...(this.byId.get(next)?.broader ?? []));
    }
    return out;
  }

  /** Every surface term of `id`. */
  terms(id: string): readonly string[] {
    return this.byId.get(id)?.terms ?? [];
  }

  /**
   * Find concepts in analysed `tokens` as `trust`'s policy would mean them:
   * greedy longest match from left to right, connector words ignored. Where one
   * term belongs to several concepts (LAC in a trust where it is also the Local
   * Academy Committee), every applicable concept is reported for the same range.
   * Everyday-word concepts inside a longer match are reported too ("annual" in
   * "reviewed on an annual basis"); other concepts are not ("SEN" in "SEN
   * support" is the support, not SEND in general).
   */
  match(tokens: readonly Token[], trust: TrustId): ConceptMatch[] {
    const positions: number[] = [];
    tokens.forEach((t, i) => {
      if (!CONNECTORS.has(t.word)) positions.push(i);
    });
    const matches: ConceptMatch[] = [];
    let p = 0;
    while (p < positions.length) {
      const first = tokens[positions[p] ?? -1]?.stem;
      const candidates = first === undefined ? undefined : this.byFirstStem.get(first);
      let matchedLength = 0;
      const matched = new Set<string>();
      for (const candidate of candidates ?? []) {
        const length = candidate.stems.length;
        if (length < matchedLength) break;
        if (length > this.maxTermLength || p + length > positions.length) continue;
        if (!appliesTo(candidate.entry, trust)) continue;
        let ok = true;
        for (let k = 0; k < length; k++) {
          const token = tokens[positions[p + k] ?? -1];
          if (token === undefined || token.stem !== candidate.stems[k] || (candidate.exact !== undefined && token.word !== candidate.exact[k])) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        matchedLength = length;
        matched.add(candidate.entry.id);
      }
      if (matchedLength === 0) {
        p += 1;
        continue;
      }
      const start = positions[p] ?? 0;
      const end = (positions[p + matchedLength - 1] ?? start) + 1;
      for (const concept of matched) matches.push({ concept, start, end });
      // An everyday word keeps its meaning inside a longer term: "reviewed on an annual basis" is also "annual".
      if (matchedLength > 1) {
        const offset = positions[p + 1] ?? end;
        for (const m of this.match(tokens.slice(offset, end), trust)) {
          if (!matched.has(m.concept) && this.byId.get(m.concept)?.kind === 'word') matches.push({ concept: m.concept, start: m.start + offset, end: m.end + offset });
        }
      }
      p += matchedLength;
    }
    return matches;
  }

  /** The concepts of `text` for `trust` (ids, one per occurrence). */
  conceptsOf(text: string, trust: TrustId): string[] {
    return this.match(analyse(text), trust).map((m) => m.concept);
  }
}

function appliesTo(entry: GlossaryEntry, trust: TrustId): boolean {
  return entry.trusts === undefined || entry.trusts.includes(trust);
}

function termTokens(term: string): Token[] {
  return analyse(term).filter((t) => !CONNECTORS.has(t.word));
}

/**
 * Validate glossary JSON. Throws `KNOWLEDGE_FILE_INVALID` naming `file` and the
 * field (e.g. `entries[3].terms`) when the data does not match the schema, an id
 * repeats, `broader` names an unknown concept, or a term is a single stop word
 * ("HI" would match every "hi"). Pass `trustIds` to check that
 * per-trust entries name known trusts.
 */
export function parseGlossary(data: unknown, file: string, trustIds?: readonly TrustId[]): Glossary {
  const parsed = glossarySchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`);
    throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${file}: ${issues.join('; ')}`);
  }
  const entries = parsed.data.entries;
  const fail = (field: string, why: string): never => {
    throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${file}: ${field}: ${why}`);
  };
  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    if (ids.has(entry.id)) fail(`entries[${i}].id`, `"${entry.id}" is used by an earlier entry`);
    ids.add(entry.id);
  });
  entries.forEach((entry, i) => {
    entry.broader?.forEach((b, j) => {
      if (!ids.has(b)) fail(`entries[${i}].broader[${j}]`, `"${b}" is not the id of any entry`);
    });
    entry.trusts?.forEach((t, j) => {
      if (trustIds && !trustIds.includes(t)) fail(`entries[${i}].trusts[${j}]`, `"${t}" is not a trust in the registry`);
    });
    entry.terms.forEach((term, j) => {
      const tokens = termTokens(term.replace(/^=/, ''));
      if (tokens.length === 0) fail(`entries[${i}].terms[${j}]`, `"${term}" has no words to match`);
      // "HI" would be every "hi" a message opens with.
      if (tokens.length === 1 && tokens[0]?.stop === true) fail(`entries[${i}].terms[${j}]`, `"${term}" is a single stop word, which staff type as filler`);
    });
  });
  return new Glossary(entries);
}

/** Read and validate the glossary file (see {@link parseGlossary}). */
export async function loadGlossary(file: string, trustIds?: readonly TrustId[]): Promise<Glossary> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new AssistantError('KNOWLEDGE_FILE_UNREADABLE', `${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${file}: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return parseGlossary(data, file, trustIds);
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}
