/**
 * The running bot driven from the Microsoft 365 Agents Playground in headless
 * Chromium, as a teacher at a Mosaic school would use it in Teams: the welcome on
 * install, a question answered, a card button, an @mention in a group chat, and
 * the policy search in the compose box. Screenshots: build/screenshots/playground-*.png.
 */
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type OpenedKnowledgeBase } from '../../src/answers/knowledge-base.js';
import { systemClock } from '../../src/clock.js';
import { projectRoot } from '../../src/config.js';
import { loadRegistry, trustById } from '../../src/knowledge/registry.js';
import type { Trust } from '../../src/knowledge/types.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, SCREENSHOT_DIR } from './card-renderer.js';
import { BOT_NAME, GROUP_CHAT_NAME, startPlayground, type Playground } from './playground-harness.js';

const WAIT = { timeout: 30_000 };

let playground: Playground;
let browser: Browser;
let page: Page;
/** The same knowledge the bot answers from, to know what it should quote. */
let kb: OpenedKnowledgeBase;
let mosaic: Trust;

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `playground-${name}.png`) });
const composeBox = () => page.locator('[data-lexical-editor="true"][role="textbox"]');
const cards = () => page.locator('.ac-adaptiveCard');

/** The first words of a passage, enough to find it on the page. */
const opening = (text: string) => collapse(text).split(' ').slice(0, 12).join(' ');

/** Send a message from the compose box and wait for the bot's card showing `expected`. */
async function ask(text: string, expected: string, mention = false): Promise<Locator> {
  await composeBox().click();
  if (mention) {
    await page.keyboard.type('@');
    await page.getByRole('menuitem', { name: BOT_NAME }).click();
    await page.keyboard.type(' ');
  }
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const card = cards().filter({ hasText: expected }).last();
  await card.waitFor(WAIT);
  return card;
}

beforeAll(async () => {
  mosaic = trustById(await loadRegistry(path.join(projectRoot, 'knowledge')), 'mosaic');
  playground = await startPlayground(mosaic);
  // The bot's own index, so the expected quotes are exactly what the bot will find.
  kb = await openKnowledgeBase({ dir: path.join(projectRoot, 'knowledge'), indexPath: playground.indexPath, semantic: false, clock: systemClock });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  // The page's only outside requests are fonts and an animation script; keep everything local.
  await page.route((url) => !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url.href), (route) => route.abort());
  await page.goto(playground.url);
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

describe('the bot in the Agents Playground', () => {
  it('welcomes a teacher when the app is installed, naming the trust their tenant belongs to', async () => {
    const welcome = cards().filter({ hasText: `Hello, I'm ${BOT_NAME}` }).first();
    await welcome.waitFor(WAIT);
    expect(collapse(await welcome.innerText())).toContain(mosaic.displayName);
    await shot('welcome');
  });

  it("answers a question with a card quoting the trust's own policy", async () => {
    const question = 'What is the graduated approach?';
    const expected = await kb.answerer.answer('mosaic', question);
    if (!expected.answered) throw new Error("Mosaic's policy answers what the graduated approach is");
    const quote = opening(expected.citations[0]?.quote ?? '');
    const card = await ask(question, quote);
    expect(collapse(await card.innerText())).toContain(`From ${mosaic.displayName}'s SEND policy`);
    await shot('answer');
  });

  it('shows the whole section when its button is clicked', async () => {
    const question = 'What is the graduated approach?';
    const expected = await kb.answerer.answer('mosaic', question);
    const section = kb.section(expected.citations[0]?.sectionId ?? '');
    if (!section) throw new Error('the cited section exists');
    const before = await cards().count();
    await cards().last().getByRole('button', { name: 'Show the whole section' }).click();
    await expect.poll(() => cards().count(), WAIT).toBeGreaterThan(before);
    expect(collapse(await cards().last().innerText())).toContain(opening(section.text));
    await shot('section');
  });

  it('answers an @mention in a group chat', async () => {
    await page.getByText(GROUP_CHAT_NAME, { exact: true }).click();
    const question = 'Who keeps the SEN register up to date?';
    const expected = await kb.answerer.answer('mosaic', question);
    if (!expected.answered) throw new Error("Mosaic's policy says who keeps the SEN register");
    const card = await ask(question, opening(expected.citations[0]?.quote ?? ''), true);
    expect(collapse(await card.innerText())).toContain(`From ${mosaic.displayName}'s SEND policy`);
    await shot('group-chat');
  });

  it("finds the trust's sections from the compose box and inserts the picked one as a quote card", async () => {
    const words = 'annual review';
    const expected = await kb.answerer.search('mosaic', words, 10);
    const first = expected[0];
    if (!first) throw new Error("Mosaic's policy has sections about annual reviews");
    await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
    await page.getByText('Search Command').click();
    await page.getByPlaceholder('Enter a search term').fill(words);
    const title = first.headingPath.at(-1) ?? '';
    const result = page.locator('h1', { hasText: title }).first();
    await result.waitFor(WAIT);
    await shot('search');

    await result.click();
    const inserted = composeBox().locator('xpath=ancestor::*[.//*[contains(@class,"ac-adaptiveCard")]][1]').locator('.ac-adaptiveCard').first();
    await inserted.waitFor(WAIT);
    const text = collapse(await inserted.innerText());
    expect(text).toContain(`Quoted from ${mosaic.displayName}'s SEND policy`);
    expect(text).toContain(opening(first.text.replace(/^\s*[-*•·]\s+/, '')));
    await shot('quote-inserted');
  });
});
