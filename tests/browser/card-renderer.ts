/**
 * Renders Adaptive Cards with the official `adaptivecards` renderer in headless
 * Chromium, in Teams-like light and dark themes, and reports what a person (and a
 * screen reader) would find on the card. Screenshots go to `build/screenshots/`.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { z } from 'zod';
import { projectRoot } from '../../src/config.js';
import { palettes, teamsCss, teamsHostConfig, type Theme } from './teams-host-config.js';

/** Chromium from Debian's package (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline headless Chromium. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots are saved. */
export const SCREENSHOT_DIR = path.join(projectRoot, 'build', 'screenshots');

/** Width of a card in a Teams chat, and of a card that asks for the full width. */
const WIDTHS = { standard: 460, full: 720 } as const;

const renderedSchema = z.object({
  text: z.string(),
  buttons: z.array(z.string()),
  headings: z.array(z.string()),
  listItems: z.array(z.string()),
  imagesWithoutAlt: z.number(),
  parseWarnings: z.array(z.string()),
  background: z.string(),
  headingColour: z.string().optional(),
});

/** What rendering a card showed. */
export interface RenderedCard {
  /** The card's visible text, whitespace collapsed. */
  text: string;
  /** Titles of the buttons, in order. */
  buttons: string[];
  /** Text of the elements exposed to assistive technology as headings. */
  headings: string[];
  /** Text of every item Markdown turned into a list item (bulleted or numbered). */
  listItems: string[];
  /** Images without an accessible name. */
  imagesWithoutAlt: number;
  /** Problems the renderer reported while parsing the card (unknown elements, bad values). */
  parseWarnings: string[];
  /** The card's background colour as rendered. */
  background: string;
  /** Colour of the first heading's text as rendered. */
  headingColour?: string;
  /** Path of the saved screenshot. */
  screenshot: string;
}

/** A headless Chromium page that renders cards. */
export class CardRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /** Launch Chromium and load the renderer. */
  static async launch(): Promise<CardRenderer> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    // Nothing on this page may reach the network.
    await page.route(/^https?:/, (route) => route.abort());
    await page.setContent('<!doctype html><html lang="en-GB"><head><style id="theme"></style></head><body><div id="frame"><div id="host"></div></div></body></html>');
    const require = createRequire(import.meta.url);
    const bundle = path.join(path.dirname(require.resolve('adaptivecards')), '..', 'dist', 'adaptivecards.min.js');
    await page.addScriptTag({ path: bundle });
    await page.addScriptTag({ path: path.join(path.dirname(fileURLToPath(import.meta.url)), 'page', 'render-card.js') });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    return new CardRenderer(browser, page);
  }

  /**
   * Render `card` (an Adaptive Card object) in `theme` and save a screenshot named
   * `<name>-<theme>.png`. Cards with `msteams.width: "full"` get the wide layout.
   */
  async render(card: unknown, name: string, theme: Theme): Promise<RenderedCard> {
    const json: unknown = JSON.parse(JSON.stringify(card));
    const full = /"msteams":\{"width":"full"\}/i.test(JSON.stringify(json));
    const width = full ? WIDTHS.full : WIDTHS.standard;
    const args = { json, hostConfig: teamsHostConfig(theme), css: teamsCss(theme), width, background: palettes[theme].background };
    const result = renderedSchema.parse(await this.page.evaluate(`renderCard(${JSON.stringify(args)})`));
    const screenshot = path.join(SCREENSHOT_DIR, `${name}-${theme}.png`);
    await this.page.locator('#frame').screenshot({ path: screenshot });
    return { ...result, screenshot };
  }

  /** Close the browser. */
  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Perceived brightness of a CSS `rgb(...)` colour, 0 (black) to 255 (white). */
export function brightness(cssColour: string | undefined): number {
  const [r = 0, g = 0, b = 0] = (cssColour?.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
