/**
 * Works out whose policy answers a person: the Teams tenant id through the trust
 * registry, and the person's remembered choice where a tenant maps to several
 * trusts or, in local use, to none.
 */
import type { Activity, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { z } from 'zod';
import type { Trust, TrustId } from '../src/knowledge/types.js';
import type { PolicyKnowledge } from './policy-knowledge.js';

/** How a turn's trust was resolved. */
export type TrustResolution =
  /** Answer from `trust`; `choices` are the trusts the person may switch between (one when there is no choice). */
  | { kind: 'resolved'; trust: Trust; choices: readonly Trust[] }
  /** The person must pick one of `choices` first. */
  | { kind: 'choose'; choices: readonly Trust[] }
  /** The tenant is not set up for any trust: refuse politely. */
  | { kind: 'refused'; tenantId: string | undefined };

/** Options of the resolver. */
export interface TrustResolverOptions {
  /** Local use without credentials: an unknown or missing tenant may choose among all trusts. */
  devMode: boolean;
  /** A trust to use when the person has not chosen one and may choose (the terminal chat's `--trust`). */
  preselected?: TrustId;
}

/** What user state holds about the trust: only its id. */
interface TrustChoice {
  trust: TrustId;
}

const channelData = z.looseObject({ tenant: z.looseObject({ id: z.string().min(1) }).optional() });

/** The Microsoft 365 tenant id of an activity: `conversation.tenantId`, else `channelData.tenant.id`. */
export function tenantIdOf(activity: Pick<Activity, 'conversation' | 'channelData'>): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  if (fromConversation) return fromConversation;
  const parsed = channelData.safeParse(activity.channelData);
  return parsed.success ? parsed.data.tenant?.id : undefined;
}

/** Resolves and remembers the trust of the person asking. */
export class TrustResolver {
  private readonly choice: StatePropertyAccessor<TrustChoice | undefined>;

  constructor(
    private readonly knowledge: PolicyKnowledge,
    userState: UserState,
    private readonly options: TrustResolverOptions,
  ) {
    this.choice = userState.createProperty<TrustChoice | undefined>('trustChoice');
  }

  /** The trusts this turn's person may answer from: empty when their tenant is refused. */
  choicesFor(context: TurnContext): readonly Trust[] {
    const tenantId = tenantIdOf(context.activity);
    const mapped = tenantId ? this.knowledge.trustsForTenant(tenantId) : [];
    if (mapped.length > 0) return mapped;
    return this.options.devMode ? this.knowledge.trusts : [];
  }

  /** Resolve the trust for this turn. */
  async resolve(context: TurnContext): Promise<TrustResolution> {
    const choices = this.choicesFor(context);
    const [only] = choices;
    if (!only) return { kind: 'refused', tenantId: tenantIdOf(context.activity) };
    if (choices.length === 1) return { kind: 'resolved', trust: only, choices };
    const remembered = (await this.choice.get(context))?.trust;
    const chosen = choices.find((t) => t.id === remembered) ?? choices.find((t) => t.id === this.options.preselected);
    return chosen ? { kind: 'resolved', trust: chosen, choices } : { kind: 'choose', choices };
  }

  /** Remember `trustId` as the person's choice, if they may choose it; returns the trust, or undefined when not allowed. */
  async choose(context: TurnContext, trustId: TrustId): Promise<Trust | undefined> {
    const trust = this.choicesFor(context).find((t) => t.id === trustId);
    if (trust) await this.choice.set(context, { trust: trust.id });
    return trust;
  }
}
