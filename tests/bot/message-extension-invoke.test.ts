/**
 * The policy search through the real activity handler and the real knowledge base:
 * `composeExtension/query` and `composeExtension/selectItem` invokes as Teams sends them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Activity, MessagingExtensionAttachment } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quoteCard } from '../../bot/cards/quote-card.js';
import { openKnowledgeBase, type OpenedKnowledgeBase } from '../../src/answers/knowledge-base.js';
import { fixedClock } from '../../src/clock.js';
import { projectRoot } from '../../src/config.js';
import type { Trust } from '../../src/knowledge/types.js';
import { harness, message, type Where } from './helpers/conversation.js';
import { cardProblems } from './helpers/validate-card.js';

let indexDir: string;
let kb: OpenedKnowledgeBase;
let bot: ReturnType<typeof harness>;

beforeAll(async () => {
  indexDir = mkdtempSync(path.join(tmpdir(), 'message-extension-index-'));
  kb = await openKnowledgeBase({
    dir: path.join(projectRoot, 'knowledge'),
    indexPath: path.join(indexDir, 'index.json'),
    semantic: false,
    clock: fixedClock('2026-01-15'),
  });
  bot = harness({ knowledge: kb });
});
afterAll(() => rmSync(indexDir, { recursive: true, force: true }));

const responseSchema = z.object({
  status: z.number(),
  body: z.object({
    composeExtension: z.object({
      type: z.enum(['result', 'message']),
      text: z.string().optional(),
      attachments: z
        .array(z.object({ contentType: z.string(), content: z.unknown(), preview: z.object({ contentType: z.string(), content: z.unknown() }).optional() }))
        .optional(),
    }),
  }),
});

/** Send an invoke as Teams does and return the parsed invoke response. */
async function invoke(name: string, value: unknown, where: Where) {
  const activity: Partial<Activity> = { ...message('', where), type: 'invoke', name, value, text: undefined };
  const replies = await bot.send(activity);
  const response = replies.find((r) => r.type === 'invokeResponse');
  return responseSchema.parse(response?.value);
}

const query = (words: string) => ({ commandId: 'searchPolicy', parameters: [{ name: 'query', value: words }], queryOptions: { skip: 0, count: 25 } });
const tenantOf = (trust: Trust) => trust.tenantIds[0] ?? '';

/** The texts of a card's paragraphs (its TextRuns), whitespace collapsed. */
function quotedParagraphs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(quotedParagraphs);
  const record = z.record(z.string(), z.unknown()).safeParse(node);
  if (!record.success) return [];
  const { type, text } = record.data;
  const own = type === 'TextRun' && typeof text === 'string' ? [text.replace(/\s+/g, ' ')] : [];
  return [...own, ...Object.values(record.data).flatMap(quotedParagraphs)];
}

/** The trust whose sections hold every paragraph the card quotes (none when the paragraphs are not all from one trust). */
function trustQuoted(attachment: Pick<MessagingExtensionAttachment, 'content'>): string[] {
  const paragraphs = quotedParagraphs(JSON.parse(JSON.stringify(attachment.content)));
  return kb.trusts
    .filter((t) => {
      const texts = kb.documents.filter((d) => d.trust === t.id).flatMap((d) => d.sections.map((s) => s.text.replace(/\s+/g, ' ')));
      return paragraphs.length > 0 && paragraphs.every((p) => texts.some((text) => text.includes(p)));
    })
    .map((t) => t.id);
}

describe('the policy search through the bot', () => {
  it("answers the same words from each trust's tenant with that trust's sections only", async () => {
    for (const trust of kb.trusts) {
      const { status, body } = await invoke('composeExtension/query', query('annual review'), { tenant: tenantOf(trust) });
      expect(status).toBe(200);
      const results = body.composeExtension.attachments ?? [];
      expect(results.length, `${trust.id} has results`).toBeGreaterThan(0);
      for (const result of results) {
        expect(trustQuoted(result), `a ${trust.id} result`).toEqual([trust.id]);
        expect(JSON.stringify(result.content)).toContain(`Quoted from ${trust.displayName}'s SEND policy`);
        expect(cardProblems(result.content)).toEqual([]);
      }
    }
  });

  it('lists sections on the initial run and for the nameless parameter the Agents Playground sends', async () => {
    const southport = kb.trust('southport');
    if (!southport) throw new Error('southport is in the registry');
    const initial = await invoke('composeExtension/query', { commandId: 'searchPolicy', parameters: [{ name: 'initialRun', value: 'true' }] }, { tenant: tenantOf(southport) });
    expect(initial.body.composeExtension.attachments?.length).toBeGreaterThan(0);
    const playground = await invoke('composeExtension/query', { parameters: [{ value: 'EHCP' }], queryOptions: { skip: 0, count: 25 } }, { tenant: tenantOf(southport) });
    expect(playground.body.composeExtension.attachments?.map(trustQuoted)).toEqual(
      playground.body.composeExtension.attachments?.map(() => ['southport']),
    );
  });

  it('says in words when nothing matches', async () => {
    const { body } = await invoke('composeExtension/query', query('zzqx vvbn'), { tenant: '5b0f3a52-6c1e-4d8a-9f27-0c4e8b1d2a61' });
    expect(body.composeExtension).toEqual({ type: 'message', text: expect.stringContaining('Nothing in Southport Learning Trust') as unknown });
  });

  it('shows a tenant outside the registry no sections at all', async () => {
    const { body } = await invoke('composeExtension/query', query('annual review'), { tenant: '9f8e7d6c-5b4a-4392-8176-5a4b3c2d1e0f' });
    expect(body.composeExtension.type).toBe('message');
    expect(body.composeExtension.attachments).toBeUndefined();
  });

  it("keeps every section's quote card under Teams' 28 KB limit for an inserted card", () => {
    let largest = 0;
    for (const document of kb.documents) {
      const trust = kb.trust(document.trust);
      if (!trust) throw new Error(`${document.trust} is in the registry`);
      for (const section of document.sections) {
        const card = quoteCard({ trust, section, policy: kb.policies(trust.id).find((p) => p.document === section.document) });
        largest = Math.max(largest, Buffer.byteLength(JSON.stringify(card)));
      }
    }
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(28 * 1024);
  });

  it("quotes a picked section of the person's trust, and refuses another trust's", async () => {
    const mosaic = kb.trust('mosaic');
    const southportSection = kb.documents.find((d) => d.trust === 'southport')?.sections[5];
    const mosaicSection = kb.documents.find((d) => d.trust === 'mosaic')?.sections[5];
    if (!mosaic || !southportSection || !mosaicSection) throw new Error('the bundled policies have sections');

    const own = await invoke('composeExtension/selectItem', { sectionId: mosaicSection.id }, { tenant: tenantOf(mosaic) });
    const [card] = own.body.composeExtension.attachments ?? [];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(trustQuoted({ content: card?.content })).toEqual(['mosaic']);

    const other = await invoke('composeExtension/selectItem', { sectionId: southportSection.id }, { tenant: tenantOf(mosaic) });
    expect(other.body.composeExtension.type).toBe('message');
    expect(JSON.stringify(other.body)).not.toContain(southportSection.text.slice(0, 40));
  });
});
