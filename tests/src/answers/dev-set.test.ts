import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerBatch, toJsonAnswer, type JsonAnswer } from '../../../src/answers/batch.js';
import type { OpenedKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { projectRoot } from '../../../src/config.js';
import { policyWords, stripArtefacts } from '../../../src/knowledge/artefacts.js';
import { KNOWLEDGE_DIR, sharedKnowledgeBase } from './shared-knowledge-base.js';

interface Item {
  id: string;
  trust: string;
  question: string;
  gold: string[];
  kind: string;
}

/**
 * Whitespace, typographic quotes and Markdown emphasis aside, as the evaluation
 * compares text; a hyphen before a space ("half- term", a PDF's wrapped line) counts as joined.
 */
function normalise(text: string): string {
  return text
    .replace(/(?<=\p{L})-\s+/gu, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

async function readItems(file: string): Promise<Item[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item);
}

// The development set lives beside the project where the evaluation material is checked out;
// the held-out questions ship with the project, so the checks always run on at least one set.
const sets = Object.fromEntries(
  Object.entries({
    'the development set': path.resolve(projectRoot, '../shared/eval/dev.jsonl'),
    'the held-out questions': path.join(projectRoot, 'tests/fixtures/heldout-questions.jsonl'),
  }).filter(([, file]) => existsSync(file)),
);

let kb: OpenedKnowledgeBase;
const sources = new Map<string, string>();

beforeAll(async () => {
  kb = await sharedKnowledgeBase();
  for (const trust of kb.trusts) {
    const texts = await Promise.all(trust.policies.map((p) => readFile(path.join(KNOWLEDGE_DIR, p.file), 'utf8')));
    // A word hyphenated across a hard-wrapped line is one word in the policy (as the parser reads it).
    sources.set(trust.id, normalise(policyWords(stripArtefacts(texts.join('\n'))).join(' ')));
  }
});

describe.each(Object.entries(sets))('answers to %s', (_name, file) => {
  let answers: { item: Item; json: JsonAnswer }[];

  beforeAll(async () => {
    const items = await readItems(file);
    const answered = await answerBatch(kb.answerer, items, kb.trusts.map((t) => t.id));
    answers = answered.map(({ answer }, i) => ({ item: items[i] as Item, json: toJsonAnswer(items[i]?.id ?? null, answer) }));
  });

  it('cite only the asker\'s own trust', () => {
    for (const { item, json } of answers) {
      expect(json.trust, item.id).toBe(item.trust);
      for (const c of json.citations) expect(c.trust, item.id).toBe(item.trust);
    }
  });

  it('quote a verbatim run of the cited section and of the trust\'s policy', () => {
    for (const { item, json } of answers) {
      for (const c of json.citations) {
        expect(c.quote.length, item.id).toBeGreaterThan(0);
        expect(normalise(c.text).includes(normalise(c.quote)), `${item.id}: quote not in cited section: ${c.quote}`).toBe(true);
        expect(sources.get(item.trust)?.includes(normalise(c.quote)), `${item.id}: quote not in ${item.trust}'s policy: ${c.quote}`).toBe(true);
      }
    }
  });

  it('cite at most five sections of at most 3,000 characters, each a section of the policy', () => {
    for (const { item, json } of answers) {
      expect(json.citations.length, item.id).toBeLessThanOrEqual(5);
      for (const c of json.citations) {
        expect(c.text.length, item.id).toBeLessThanOrEqual(3000);
        expect(sources.get(item.trust)?.includes(normalise(c.text)), `${item.id}: section not in ${item.trust}'s policy: ${c.heading}`).toBe(true);
      }
    }
  });

  it('abstain with no citations exactly when not answering', () => {
    for (const { item, json } of answers) {
      expect(json.answered === false ? json.citations.length : 1, item.id).toBeGreaterThan(json.answered ? 0 : -1);
      if (!json.answered) expect(json.citations, item.id).toEqual([]);
    }
  });

  it('abstain on every out-of-scope and not-in-trust question', () => {
    for (const { item, json } of answers) {
      if (item.kind === 'out-of-scope' || item.kind === 'not-in-trust') expect(json.answered, item.id).toBe(false);
    }
  });
});
