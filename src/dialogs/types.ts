/**
 * Guided dialogs after validation: every citation resolved to a section of the
 * trust's own policy, plus the small serialisable state the engine moves and the
 * view it renders from.
 */
import type { TrustId } from '../knowledge/types.js';

/** A quote resolved to the section it was found in. */
export interface ResolvedQuote {
  kind: 'quote';
  /** What the quote tells the reader, e.g. "Who" or "When". */
  label?: string;
  /** Verbatim from the section, with the section's own line breaks. */
  quote: string;
  sectionId: string;
  /** Title of the policy document. */
  document: string;
  headingPath: string[];
}

/** A point the trust's policy does not cover; rendered with a pointer to the trust's SENDCo. */
export interface GapNote {
  kind: 'gap';
  label?: string;
  /** Why the policy cannot answer; may hold `{sendco}` / `{trust}` placeholders. */
  text: string;
}

/** One trust's citations for a step, choice or outcome. */
export type DialogCitation = ResolvedQuote | GapNote;

/** Citations keyed by trust id. */
export type CitationMap = Partial<Record<TrustId, DialogCitation[]>>;

/** A button on a question step. */
export interface DialogChoice {
  id: string;
  label: string;
  next: string;
  /** When set, only these trusts are offered the choice. */
  trusts?: TrustId[];
  citations: CitationMap;
}

/** A question answered with one of its choices. */
export interface QuestionStep {
  kind: 'question';
  id: string;
  title: string;
  prompt: string;
  choices: DialogChoice[];
  citations: CitationMap;
}

/** A page of a tour. */
export interface InfoStep {
  kind: 'info';
  id: string;
  title: string;
  body?: string;
  next: string;
  skipTo?: string;
  citations: CitationMap;
}

/** An invisible step routing on earlier answers; the first branch whose conditions all hold wins. */
export interface BranchStep {
  kind: 'branch';
  id: string;
  branches: Array<{ when: Record<string, string[]>; next: string }>;
  otherwise: string;
}

/** Where a path ends. */
export interface OutcomeStep {
  kind: 'outcome';
  id: string;
  title: string;
  summary: string;
  actions: string[];
  citations: CitationMap;
}

export type DialogStep = QuestionStep | InfoStep | BranchStep | OutcomeStep;

/** A phrase rule that starts a dialog. */
export interface DialogTrigger {
  phrase: string;
  match: 'contains' | 'whole';
}

/** A validated dialog, ready for the engine. */
export interface DialogDefinition {
  id: string;
  /** The file the definition was read from, for messages. */
  file: string;
  title: string;
  description: string;
  /** Position in lists of dialogs, lowest first. */
  order: number;
  note?: string;
  trusts: TrustId[];
  triggers: DialogTrigger[];
  /** Where the user's progress is kept between visits. */
  progress: 'conversation' | 'user';
  start: string;
  steps: Map<string, DialogStep>;
}

/** Navigation a user can ask for besides answering. */
export type DialogNav = 'next' | 'back' | 'skip' | 'cancel' | 'restart';

/** The answer recorded for a step: a choice id, or how an info page was left. */
export type AnswerId = string;

/** Marks on info pages, kept apart from choice ids (which are slugs and never start with "@"). */
export const READ = '@next';
export const SKIPPED = '@skip';

/** One answered step. */
export interface DialogAnswer {
  step: string;
  answer: AnswerId;
}

/**
 * Where a user is in a dialog: ids only, never message text, so it can be kept in
 * conversation or user state as it is.
 */
export interface DialogState {
  v: 1;
  dialog: string;
  trust: TrustId;
  /** The visible step being shown (never a branch). */
  step: string;
  /** Answered steps, oldest first. */
  answers: DialogAnswer[];
}

/** What a user did on the current step. */
export type DialogInput =
  | { kind: 'choice'; choice: string; /** The step the button was on; a mismatch means the card is out of date. */ step?: string }
  | { kind: 'nav'; nav: DialogNav; step?: string };

/** The result of applying an input. */
export type StepResult =
  | { status: 'moved'; state: DialogState }
  | { status: 'cancelled' }
  | { status: 'rejected'; state: DialogState; reason: 'stale-step' | 'unknown-choice' | 'not-available' };

/** A citation as shown: placeholders filled in. */
export type ViewCitation =
  | (Omit<ResolvedQuote, 'label'> & { label?: string })
  | { kind: 'gap'; label?: string; text: string };

/** A button: a choice or a navigation. */
export type ViewAction =
  | { kind: 'choice'; id: string; label: string }
  | { kind: 'nav'; nav: DialogNav; label: string };

/** Everything a card or text rendering of the current step needs. */
export interface DialogView {
  dialog: { id: string; title: string };
  trust: { id: TrustId; name: string; sendcoRole: string };
  step: { id: string; kind: 'question' | 'info' | 'outcome' };
  title: string;
  /** Question prompt, page introduction or outcome summary. */
  text?: string;
  /** Shown above the first step only. */
  note?: string;
  /** The step's own citations. */
  citations: ViewCitation[];
  /** Buttons in display order: choices first, then navigation. */
  actions: ViewAction[];
  /** Outcome only: the next concrete steps. */
  nextSteps?: string[];
  /** Outcome only: the answers that led here, with the quotes behind each. */
  answers?: Array<{ question: string; answer: string; citations: ViewCitation[] }>;
  /** Info pages: position in the tour. */
  progress?: { position: number; total: number };
  /** Outcome after a tour: pages read and skipped. */
  tour?: { read: string[]; skipped: string[] };
}

/** A dialog as listed on the help card and in the command menu. */
export interface DialogListing {
  id: string;
  title: string;
  description: string;
}
