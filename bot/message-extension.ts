/**
 * The policy search in Teams' compose box (a search-based message extension).
 * A person types words, sees the matching sections of *their own* trust's policy,
 * and picking one inserts a quote card into the conversation.
 *
 * Each result carries its quote card, previewed by a compact thumbnail without a
 * `tap` action, so picking inserts the card at once in Teams, Outlook and the
 * Agents Playground (which refuses results with `tap`). A client that does send
 * `composeExtension/selectItem` with `{ sectionId }` gets the same card.
 *
 * The functions here are pure over the knowledge and the person's resolved trust;
 * {@link MessageExtension} is the thin layer the activity handler delegates the
 * `composeExtension/query` and `composeExtension/selectItem` invokes to.
 */
import type { MessagingExtensionAttachment, MessagingExtensionResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { PolicyStatus } from '../src/answers/types.js';
import type { Section, Trust } from '../src/knowledge/types.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, lastHeading, shorten } from './cards/card-parts.js';
import { quoteCard } from './cards/quote-card.js';
import type { PolicyKnowledge } from './policy-knowledge.js';
import type { TrustResolution } from './trust-resolver.js';

/** The search command's id in the app manifest (`composeExtensions[0].commands[0].id`). */
export const SEARCH_COMMAND_ID = 'searchPolicy';

/** Results shown when Teams does not say how many it wants. */
export const DEFAULT_RESULT_COUNT = 10;
/**
 * Never more results than this in one response, whatever Teams asks (it asks for 25):
 * each result carries its whole quote card, and Teams pages on with `skip`.
 */
export const MAX_RESULT_COUNT = 10;
/** Longest search text used; the rest is ignored. */
export const MAX_QUERY_CHARS = 200;

const THUMBNAIL_CONTENT_TYPE = 'application/vnd.microsoft.card.thumbnail';

const queryInvokeSchema = z.looseObject({
  commandId: z.string().optional(),
  // Teams names the parameter; the Agents Playground sends `[{ value }]` without a name.
  parameters: z.array(z.looseObject({ name: z.string().optional(), value: z.unknown() })).optional(),
  queryOptions: z
    .looseObject({
      skip: z.coerce.number().int().min(0).optional(),
      count: z.coerce.number().int().min(1).optional(),
    })
    .optional(),
});

/** What a picked result carries back to the bot (`composeExtension/selectItem` value). */
export const selectItemSchema = z.object({ sectionId: z.string().min(1).max(200) });

/** The value of a picked result. */
export type SelectItemValue = z.infer<typeof selectItemSchema>;

/** A parsed `composeExtension/query`. */
export interface SearchQuery {
  /** The words typed, trimmed; empty for the initial run and an empty box. */
  text: string;
  skip: number;
  count: number;
}

/** Parse a `composeExtension/query` value; `undefined` when it is not a query for this app. */
export function parseSearchQuery(value: unknown): SearchQuery | undefined {
  const parsed = queryInvokeSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { commandId, parameters = [], queryOptions } = parsed.data;
  // The Microsoft 365 Agents Playground sends no commandId unless told one.
  if (commandId !== undefined && commandId !== SEARCH_COMMAND_ID) return undefined;
  const initialRun = parameters.some((p) => p.name === 'initialRun');
  const typed = (parameters.find((p) => p.name === 'query') ?? parameters.find((p) => p.name === undefined))?.value;
  const text = !initialRun && typeof typed === 'string' ? typed.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_CHARS) : '';
  return {
    text,
    skip: queryOptions?.skip ?? 0,
    count: Math.min(queryOptions?.count ?? DEFAULT_RESULT_COUNT, MAX_RESULT_COUNT),
  };
}

/** Parse a `composeExtension/selectItem` value (an object, or the same as a JSON string). */
export function parseSelectItem(value: unknown): SelectItemValue | undefined {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const parsed = selectItemSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/** A text-only response shown in the search pane. */
export function messageResponse(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

/** Why the search cannot show sections, in words for the person searching. */
function unresolvedText(resolution: Exclude<TrustResolution, { kind: 'resolved' }>): string {
  return resolution.kind === 'choose'
    ? 'Your organisation uses more than one trust\'s SEND policy. Open a chat with SEND Policy Assistant, say "change trust" and pick yours, then search again.'
    : "SEND Policy Assistant isn't set up for your organisation yet. Ask your IT team to add your Microsoft 365 tenant to the trust registry.";
}

/**
 * A compact preview of a section for the result list: its own heading as the title
 * and the first words of the passage. (Parent headings as a subtitle wrap and crowd
 * the narrow result list; the inserted card shows the whole heading path.)
 */
function previewOf(headingPath: readonly string[], text: string): { contentType: string; content: { title: string; text: string } } {
  return {
    contentType: THUMBNAIL_CONTENT_TYPE,
    content: { title: shorten(lastHeading(headingPath), 80), text: shorten(text.replace(/\s+/g, ' ').trim(), 140) },
  };
}

/** One section as a result: the quote card it inserts, previewed by heading and first words. */
function quoteResult(
  trust: Trust,
  section: Pick<Section, 'document' | 'headingPath' | 'text'>,
  preview: string,
  policies: readonly PolicyStatus[],
): MessagingExtensionAttachment {
  const policy = policies.find((p) => p.document === section.document);
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: quoteCard({ trust, section, policy }),
    preview: previewOf(section.headingPath, preview),
  };
}

/**
 * Answer a search: the trust's matching sections, best first. An empty search
 * (and Teams' initial run) lists the sections the search ranks first for no words.
 */
export async function searchPolicy(
  knowledge: Pick<PolicyKnowledge, 'answerer' | 'policies'>,
  resolution: TrustResolution,
  value: unknown,
): Promise<MessagingExtensionResponse> {
  if (resolution.kind !== 'resolved') return messageResponse(unresolvedText(resolution));
  const query = parseSearchQuery(value);
  if (!query) return messageResponse('That search is not one SEND Policy Assistant knows. Try the "Search SEND policy" command.');
  const { trust } = resolution;
  const found = await knowledge.answerer.search(trust.id, query.text, query.skip + query.count);
  // The answerer searches one trust only; this keeps that promise even if it were broken.
  const own = found.filter((c) => c.trust === trust.id).slice(query.skip, query.skip + query.count);
  if (own.length === 0) {
    if (query.skip > 0) return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
    return messageResponse(
      query.text
        ? `Nothing in ${trust.displayName}'s SEND policy matches "${shorten(query.text, 60)}". Try fewer or different words, such as "EHCP" or "annual review".`
        : `${trust.displayName}'s SEND policy has no sections to show.`,
    );
  }
  const policies = knowledge.policies(trust.id);
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      attachments: own.map((c) => quoteResult(trust, c, c.quote, policies)),
    },
  };
}

/**
 * Answer a picked result with the quote card of its section. A section of any
 * other trust than the person's is refused, whatever the value says.
 */
export function quoteSelectedSection(
  knowledge: Pick<PolicyKnowledge, 'section' | 'policies'>,
  resolution: TrustResolution,
  value: unknown,
): MessagingExtensionResponse {
  if (resolution.kind !== 'resolved') return messageResponse(unresolvedText(resolution));
  const picked = parseSelectItem(value);
  const section = picked ? knowledge.section(picked.sectionId) : undefined;
  const { trust } = resolution;
  if (!section || section.trust !== trust.id) {
    return messageResponse(`That section isn't in ${trust.displayName}'s SEND policy any more. Search again to find it.`);
  }
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      attachments: [quoteResult(trust, section, section.text, knowledge.policies(trust.id))],
    },
  };
}

/** Resolves the person's trust for a turn (the bot's {@link TrustResolver}). */
export interface TrustSource {
  resolve(context: TurnContext): Promise<TrustResolution>;
}

/** The message extension as the activity handler uses it. */
export class MessageExtension {
  constructor(
    private readonly knowledge: Pick<PolicyKnowledge, 'answerer' | 'section' | 'policies'>,
    private readonly trusts: TrustSource,
  ) {}

  /** `composeExtension/query`: search the person's trust's policy. */
  async query(context: TurnContext, value: unknown): Promise<MessagingExtensionResponse> {
    return searchPolicy(this.knowledge, await this.trusts.resolve(context), value);
  }

  /** `composeExtension/selectItem`: the quote card of the picked section. */
  async selectItem(context: TurnContext, value: unknown): Promise<MessagingExtensionResponse> {
    return quoteSelectedSection(this.knowledge, await this.trusts.resolve(context), value);
  }
}

