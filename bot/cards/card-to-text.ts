/**
 * Renders any Adaptive Card as plain text for the terminal chat: TextBlocks,
 * RichTextBlocks, FactSets, Containers, ColumnSets, ActionSets and card actions.
 * Buttons become a numbered list; typing a number clicks the button.
 */
import { z } from 'zod';

/** A button of a rendered card. */
export interface TextAction {
  /** The number shown next to it. */
  number: number;
  title: string;
  /** `Action.Submit` / `Action.Execute` data, sent back as the message `value` when clicked. */
  data?: unknown;
  /** `Action.OpenUrl` target. */
  url?: string;
  /** `Action.ShowCard` card, shown when clicked. */
  card?: unknown;
}

/** A card as text plus its buttons. */
export interface RenderedCard {
  text: string;
  actions: TextAction[];
}

const element = z.looseObject({ type: z.string(), isVisible: z.boolean().optional(), fallback: z.unknown().optional() });
const textBlock = z.looseObject({ text: z.string(), weight: z.string().optional(), style: z.string().optional() });
const richTextBlock = z.looseObject({ inlines: z.array(z.union([z.string(), z.looseObject({ text: z.string().optional() })])).default([]) });
const factSet = z.looseObject({ facts: z.array(z.looseObject({ title: z.string().default(''), value: z.string().default('') })).default([]) });
const container = z.looseObject({ items: z.array(z.unknown()).default([]), style: z.string().optional() });
const columnSet = z.looseObject({ columns: z.array(z.looseObject({ items: z.array(z.unknown()).default([]) })).default([]) });
const actionSet = z.looseObject({ actions: z.array(z.unknown()).default([]) });
const image = z.looseObject({ altText: z.string().optional() });
const action = z.looseObject({
  type: z.string(),
  title: z.string().optional(),
  data: z.unknown().optional(),
  url: z.string().optional(),
  card: z.unknown().optional(),
});
const card = z.looseObject({ type: z.literal('AdaptiveCard'), body: z.array(z.unknown()).default([]), actions: z.array(z.unknown()).default([]) });

/**
 * Markdown that Adaptive Cards supports, reduced to plain text. A line that starts
 * with a list or heading marker kept from Markdown by a no-break space (`asWritten`
 * in card-parts) gets its ordinary space back, as a person reads it in Teams.
 */
function plain(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\[(.+?)\]\((.+?)\)/g, '$1 ($2)')
    .replace(/^(\s*)(\d+[.)]|[-*+#>]+)\u00A0/gm, '$1$2 ');
}

class Renderer {
  readonly actions: TextAction[] = [];
  constructor(private next: number) {}

  elements(items: readonly unknown[]): string[] {
    return items.flatMap((item) => this.element(item));
  }

  element(value: unknown): string[] {
    const parsed = element.safeParse(value);
    if (!parsed.success || parsed.data.isVisible === false) return [];
    const e = parsed.data;
    switch (e.type) {
      case 'TextBlock': {
        const t = textBlock.safeParse(e);
        return t.success ? [plain(t.data.text)] : [];
      }
      case 'RichTextBlock': {
        const r = richTextBlock.safeParse(e);
        return r.success ? [r.data.inlines.map((i) => (typeof i === 'string' ? i : (i.text ?? ''))).join('')] : [];
      }
      case 'FactSet': {
        const f = factSet.safeParse(e);
        return f.success ? f.data.facts.map((fact) => `${fact.title}: ${fact.value}`) : [];
      }
      case 'Container': {
        const c = container.safeParse(e);
        if (!c.success) return [];
        const lines = this.elements(c.data.items);
        return c.data.style === 'emphasis' ? lines.flatMap((l) => l.split('\n')).map((l) => `  │ ${l}`) : lines;
      }
      case 'ColumnSet': {
        const c = columnSet.safeParse(e);
        return c.success ? c.data.columns.flatMap((col) => this.elements(col.items)) : [];
      }
      case 'ActionSet': {
        const a = actionSet.safeParse(e);
        return a.success ? this.actionList(a.data.actions) : [];
      }
      case 'Image': {
        const i = image.safeParse(e);
        return i.success && i.data.altText ? [`[image: ${i.data.altText}]`] : [];
      }
      default:
        return e.fallback !== undefined && typeof e.fallback === 'object' ? this.element(e.fallback) : [];
    }
  }

  actionList(items: readonly unknown[]): string[] {
    const lines: string[] = [];
    for (const item of items) {
      const parsed = action.safeParse(item);
      if (!parsed.success) continue;
      const a = parsed.data;
      const title = a.title ?? a.type.replace(/^Action\./, '');
      const number = this.next++;
      if (a.type === 'Action.OpenUrl') {
        this.actions.push({ number, title, ...(a.url ? { url: a.url } : {}) });
        lines.push(`  ${number}. ${title}${a.url ? ` (${a.url})` : ''}`);
      } else if (a.type === 'Action.ShowCard') {
        this.actions.push({ number, title, card: a.card });
        lines.push(`  ${number}. ${title}`);
      } else if (a.type === 'Action.Submit' || a.type === 'Action.Execute') {
        this.actions.push({ number, title, data: a.data });
        lines.push(`  ${number}. ${title}`);
      } else {
        this.next--;
      }
    }
    return lines;
  }
}

/**
 * Render an Adaptive Card (as JSON or a typed builder) to text. Buttons are numbered
 * from `firstNumber`, so several cards in one reply share one numbering.
 */
export function cardToText(value: unknown, firstNumber = 1): RenderedCard {
  const parsed = card.safeParse(JSON.parse(JSON.stringify(value ?? null)));
  if (!parsed.success) return { text: '[a card this chat cannot show]', actions: [] };
  const renderer = new Renderer(firstNumber);
  const lines = renderer.elements(parsed.data.body);
  const actionLines = renderer.actionList(parsed.data.actions);
  if (actionLines.length > 0) lines.push('', ...actionLines);
  return { text: lines.join('\n'), actions: renderer.actions };
}
