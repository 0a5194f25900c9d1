/**
 * Every kind of card the app sends, built by the real card builders from the real
 * knowledge and dialogs, rendered by the Adaptive Cards renderer in headless
 * Chromium in Teams-like light and dark themes. Screenshots: build/screenshots/.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answerCard } from '../../bot/cards/answer-card.js';
import { headingTrail } from '../../bot/cards/card-parts.js';
import { dialogOutcomeCard } from '../../bot/cards/dialog-outcome-card.js';
import { dialogStepCard } from '../../bot/cards/dialog-step-card.js';
import { dialogsCard } from '../../bot/cards/dialogs-card.js';
import { exampleQuestions, helpCard } from '../../bot/cards/help-card.js';
import { notCoveredCard } from '../../bot/cards/not-covered-card.js';
import { quoteCard } from '../../bot/cards/quote-card.js';
import { sectionCard } from '../../bot/cards/section-card.js';
import { trustChoiceCard } from '../../bot/cards/trust-choice-card.js';
import { welcomeCard } from '../../bot/cards/welcome-card.js';
import { searchPolicy } from '../../bot/message-extension.js';
import { openKnowledgeBase, type OpenedKnowledgeBase } from '../../src/answers/knowledge-base.js';
import { fixedClock } from '../../src/clock.js';
import { projectRoot } from '../../src/config.js';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { explorePaths } from '../../src/dialogs/dialog-paths.js';
import { loadDialogs } from '../../src/dialogs/load-dialogs.js';
import { READ, SKIPPED, type DialogState } from '../../src/dialogs/types.js';
import type { Trust } from '../../src/knowledge/types.js';
import { brightness, CardRenderer, type RenderedCard } from './card-renderer.js';
import type { Theme } from './teams-host-config.js';

const BOT_NAME = 'SEND Policy Assistant';
const knowledgeDir = path.join(projectRoot, 'knowledge');

let indexDir: string;
let kb: OpenedKnowledgeBase;
/** The same knowledge a year on, when every policy is past its review date. */
let kbLater: OpenedKnowledgeBase;
let catalogue: DialogCatalogue;
let renderer: CardRenderer;

beforeAll(async () => {
  indexDir = mkdtempSync(path.join(tmpdir(), 'browser-cards-index-'));
  const open = (today: string) =>
    openKnowledgeBase({ dir: knowledgeDir, indexPath: path.join(indexDir, 'index.json'), semantic: false, clock: fixedClock(today) });
  kb = await open('2026-01-15');
  kbLater = await open('2027-06-01');
  catalogue = loadDialogs(path.join(knowledgeDir, 'dialogs'), { trusts: kb.trusts, documents: kb.documents });
  renderer = await CardRenderer.launch();
});

afterAll(async () => {
  await renderer.close();
  rmSync(indexDir, { recursive: true, force: true });
});

function trust(id: string): Trust {
  const found = kb.trust(id);
  if (!found) throw new Error(`${id} is not in the trust registry`);
  return found;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Titles of every button a card shows (top-level actions and action sets), in order. */
function buttonTitles(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(buttonTitles);
  const parsed = z.record(z.string(), z.unknown()).safeParse(node);
  if (!parsed.success) return [];
  const record = parsed.data;
  const own = typeof record.type === 'string' && record.type.startsWith('Action.') && typeof record.title === 'string' ? [record.title] : [];
  // A selectAction makes an element clickable; it is not a button of its own.
  return [...own, ...Object.entries(record).flatMap(([key, value]) => (key === 'selectAction' ? [] : buttonTitles(value)))];
}

/**
 * Render a card in one theme and check what every card must satisfy. `lists` is the
 * text of every item the card means as a Markdown list; any other list item is a
 * heading or policy line Markdown took over.
 */
async function renderChecked(json: unknown, name: string, theme: Theme, lists: readonly string[]): Promise<RenderedCard> {
  const rendered = await renderer.render(json, name, theme);
  expect(rendered.parseWarnings, `${name} parses cleanly`).toEqual([]);
  expect(rendered.listItems, `${name} shows as lists only what it means as lists`).toEqual(lists.map(collapse));
  expect(rendered.buttons, `${name} shows every button`).toEqual(buttonTitles(json));
  expect(rendered.headings.length, `${name} has a heading for screen readers`).toBeGreaterThan(0);
  expect(rendered.imagesWithoutAlt, `${name} images have alt text`).toBe(0);
  expect(existsSync(rendered.screenshot)).toBe(true);
  if (theme === 'dark') {
    expect(brightness(rendered.background), `${name} dark background`).toBeLessThan(80);
    expect(brightness(rendered.headingColour), `${name} light text on dark`).toBeGreaterThan(180);
  } else {
    expect(brightness(rendered.background), `${name} light background`).toBeGreaterThan(230);
    expect(brightness(rendered.headingColour), `${name} dark text on light`).toBeLessThan(80);
  }
  return rendered;
}

/** Render a card in the light and the dark theme. */
async function renderBoth(card: unknown, name: string, lists: readonly string[] = []): Promise<Record<Theme, RenderedCard>> {
  const json: unknown = JSON.parse(JSON.stringify(card));
  const light = await renderChecked(json, name, 'light', lists);
  const dark = await renderChecked(json, name, 'dark', lists);
  return { light, dark };
}

describe('cards rendered in Chromium, light and dark', () => {
  it('answer card: the quoted passage, where it comes from, and its buttons', async () => {
    const southport = trust('southport');
    const answer = await kb.answerer.answer('southport', 'Who organises the annual review of an EHCP?');
    if (!answer.answered) throw new Error('the Southport policy answers who organises annual reviews');
    const [best] = answer.citations;
    const { light } = await renderBoth(answerCard({ trust: southport, citations: answer.citations, policies: answer.policies }), 'answer');
    expect(light.text).toContain(collapse(best?.quote ?? ''));
    expect(light.text).toContain("From Southport Learning Trust's SEND policy");
    expect(light.buttons).toEqual(expect.arrayContaining(['Show the whole section', '👍 Helpful', '👎 Not helpful']));
  });

  it('answer card for a list item: the lead-in that introduces the list, the gap, then the item', async () => {
    const southport = trust('southport');
    const answer = await kb.answerer.answer('southport', 'does being a young carer mean a pupil has SEND?');
    const item = answer.citations.find((c) => c.quoteLeadIn !== undefined);
    if (!item?.quoteLeadIn) throw new Error('the Southport policy lists being a young carer under a lead-in');
    const { light } = await renderBoth(answerCard({ trust: southport, citations: [item], policies: answer.policies }), 'answer-lead-in');
    const text = collapse(light.text);
    const leadIn = text.indexOf(collapse(item.quoteLeadIn));
    expect(leadIn).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('…', leadIn)).toBeGreaterThan(leadIn);
    expect(text.indexOf(collapse(item.quote), leadIn)).toBeGreaterThan(text.indexOf('…', leadIn));
  });

  it('section card: the whole section, verbatim', async () => {
    const southport = trust('southport');
    const answer = await kb.answerer.answer('southport', 'What are the factors that impact progress but are not SEND?');
    if (!answer.answered) throw new Error('the Southport policy covers factors that are not SEND');
    const section = kb.section(answer.citations[0]?.sectionId ?? '');
    if (!section) throw new Error('the cited section exists');
    const { light } = await renderBoth(sectionCard({ trust: southport, section, policy: kb.policies('southport')[0] }), 'section');
    expect(collapse(light.text)).toContain(collapse(section.text.split(/\n\s*\n/)[0] ?? ''));
  });

  it('a numbered heading such as "11. Identification of SEN…" shows as a heading, not as a list item', async () => {
    const southport = trust('southport');
    const section = kb.documents.flatMap((d) => d.sections).find((s) => s.trust === 'southport' && /^11\. Identification of SEN/.test(s.headingPath[0] ?? ''));
    if (!section) throw new Error('the Southport policy has a section 11 on identification');
    const heading = collapse(headingTrail(section.headingPath));
    const quote = section.text.split(/\n\s*\n/)[0] ?? '';
    const citation = { sectionId: section.id, trust: section.trust, document: section.document, headingPath: section.headingPath, text: section.text, quote, score: 1 };
    const policy = kb.policies('southport')[0];
    const cards = {
      'numbered-heading-answer': answerCard({ trust: southport, citations: [citation], policies: kb.policies('southport') }),
      'numbered-heading-section': sectionCard({ trust: southport, section, policy }),
      'numbered-heading-quote': quoteCard({ trust: southport, section, policy }),
    };
    for (const [name, card] of Object.entries(cards)) {
      // renderBoth also checks that nothing on the card became a list item.
      const { light } = await renderBoth(card, name);
      expect(light.headings, name).toContain(heading);
      expect(light.text, name).toContain(heading);
    }
  });

  it('not-covered card: says so and offers the guided dialogs', async () => {
    const aspire = trust('aspire');
    const answer = await kb.answerer.answer('aspire', 'What time does the school minibus leave on Fridays?');
    expect(answer.answered).toBe(false);
    const { light } = await renderBoth(notCoveredCard({ trust: aspire, dialogs: catalogue.list('aspire') }), 'not-covered');
    expect(light.text).toContain('The Aspire Educational Trust');
    expect(light.buttons.length).toBeGreaterThan(0);
  });

  it('welcome card: what the bot does, for the trust, with the guided dialogs', async () => {
    const mosaic = trust('mosaic');
    const { light } = await renderBoth(welcomeCard({ botName: BOT_NAME, trust: mosaic, dialogs: catalogue.list('mosaic'), scope: 'personal' }), 'welcome');
    expect(light.text).toContain('Mosaic Schools Learning Trust');
    expect(light.buttons.length).toBeGreaterThan(0);
  });

  it('help card: how to ask, in a group chat', async () => {
    const drb = trust('drb-ignite');
    const { light } = await renderBoth(
      helpCard({ trust: drb, canChangeTrust: false, dialogs: catalogue.list('drb-ignite'), scope: 'groupChat', botName: BOT_NAME }),
      'help',
      exampleQuestions,
    );
    expect(light.text).toContain(BOT_NAME);
    expect(light.buttons.length).toBeGreaterThan(0);
  });

  it('trust choice card: one button per trust', async () => {
    const { light } = await renderBoth(trustChoiceCard({ trusts: kb.trusts, question: 'What is the graduated approach?' }), 'trust-choice');
    for (const t of kb.trusts) expect(light.buttons.join(' | ')).toContain(t.displayName);
  });

  it('guided dialogs list card', async () => {
    const leading = trust('leading-learners');
    const dialogs = catalogue.list('leading-learners');
    const { light } = await renderBoth(dialogsCard({ trust: leading, dialogs }), 'dialogs');
    for (const d of dialogs) expect(light.text + light.buttons.join(' ')).toContain(d.title);
  });

  it('guided dialog step card: the question, the policy quoted, the choices and navigation', async () => {
    const state = catalogue.start('send-or-other', 'southport');
    const view = catalogue.view(state);
    const { light } = await renderBoth(dialogStepCard(view), 'dialog-step');
    expect(light.text).toContain(collapse(view.title));
    expect(light.buttons).toEqual(view.actions.map((a) => a.label));
  });

  it('guided dialog outcome card: what the answers point to and the next steps', async () => {
    const definition = catalogue.get('send-or-other');
    if (!definition) throw new Error('the send-or-other dialog is bundled');
    const [first] = explorePaths(definition, 'southport').paths;
    let state: DialogState = catalogue.start('send-or-other', 'southport');
    for (const answer of first?.answers ?? []) {
      const nav = answer.answer === READ ? 'next' : answer.answer === SKIPPED ? 'skip' : undefined;
      const result = catalogue.step(state, nav ? { kind: 'nav', nav } : { kind: 'choice', choice: answer.answer });
      if (result.status !== 'moved') throw new Error('the explored path replays');
      state = result.state;
    }
    const view = catalogue.view(state);
    expect(view.step.kind).toBe('outcome');
    const { light } = await renderBoth(dialogOutcomeCard(view), 'dialog-outcome', view.nextSteps ?? []);
    expect(light.text).toContain(collapse(view.title));
    expect(light.buttons.length).toBeGreaterThan(0);
  });

  it('message-extension result: the quote card a search inserts, with the review warning in words when past review', async () => {
    const leading = trust('leading-learners');
    const search = { commandId: 'searchPolicy', parameters: [{ name: 'query', value: 'EHCP annual review' }] };
    const resolved = { kind: 'resolved' as const, trust: leading, choices: [leading] };

    const now = await searchPolicy(kb, resolved, search);
    const [result] = now.composeExtension?.attachments ?? [];
    if (!result) throw new Error('the Leading Learners policy has sections about annual reviews');
    const { light } = await renderBoth(result.content, 'quote');
    expect(light.text).toContain("Quoted from Leading Learners Trust's SEND policy");
    expect(light.text).not.toContain('due for review');

    // Southport's policy is due for review on 1 December 2026.
    const southport = trust('southport');
    const later = await searchPolicy(kbLater, { kind: 'resolved', trust: southport, choices: [southport] }, search);
    const [old] = later.composeExtension?.attachments ?? [];
    const { dark } = await renderBoth(old?.content, 'quote-past-review');
    // The warning is words and a symbol, not colour alone.
    expect(dark.text).toContain("⚠ This policy was due for review on 1 December 2026. Check with your school's SENDCo that it is still current.");
  });
});
