/**
 * The guided dialog engine: pure functions over a validated {@link DialogDefinition}.
 * `startDialog` gives the first state, `stepDialog` applies a choice or a navigation,
 * `viewDialog` says what to show. States hold ids only and survive JSON round trips.
 */
import { AssistantError } from '../errors.js';
import type { Trust, TrustId } from '../knowledge/types.js';
import { READ, SKIPPED } from './types.js';
import type {
  DialogAnswer,
  DialogChoice,
  DialogCitation,
  DialogDefinition,
  DialogInput,
  DialogNav,
  DialogState,
  DialogStep,
  DialogView,
  QuestionStep,
  StepResult,
  ViewAction,
  ViewCitation,
} from './types.js';

/** The visible steps a user can be on. */
type VisibleStep = Exclude<DialogStep, { kind: 'branch' }>;

/** Where following a step id through branch steps ends. */
export type Resolution =
  | { ok: true; step: VisibleStep; /** Branch steps passed on the way. */ via: string[] }
  | { ok: false; problem: 'missing'; step: string }
  | { ok: false; problem: 'cycle'; trail: string[] };

/**
 * Follow `stepId` through any branch steps, using `answers` for their conditions,
 * to the visible step the user lands on.
 */
export function resolveStep(definition: DialogDefinition, stepId: string, answers: readonly DialogAnswer[]): Resolution {
  const trail: string[] = [];
  let id = stepId;
  for (;;) {
    const step = definition.steps.get(id);
    if (step === undefined) return { ok: false, problem: 'missing', step: id };
    if (step.kind !== 'branch') return { ok: true, step, via: trail };
    if (trail.includes(id)) return { ok: false, problem: 'cycle', trail: [...trail, id] };
    trail.push(id);
    const taken = step.branches.find((branch) =>
      Object.entries(branch.when).every(([question, choices]) => {
        const answer = latestAnswer(answers, question);
        return answer !== undefined && choices.includes(answer);
      }),
    );
    id = taken?.next ?? step.otherwise;
  }
}

function latestAnswer(answers: readonly DialogAnswer[], step: string): string | undefined {
  for (let i = answers.length - 1; i >= 0; i--) {
    const a = answers[i];
    if (a?.step === step) return a.answer;
  }
  return undefined;
}

/** The choices of a question offered to `trust`, in authored order. */
export function availableChoices(step: QuestionStep, trust: TrustId): DialogChoice[] {
  return step.choices.filter((c) => c.trusts === undefined || c.trusts.includes(trust));
}

function visible(definition: DialogDefinition, stepId: string, answers: readonly DialogAnswer[]): VisibleStep {
  const resolved = resolveStep(definition, stepId, answers);
  if (resolved.ok) return resolved.step;
  // Validation rules this out for loaded definitions; reaching it means a definition was built by hand.
  const detail = resolved.problem === 'missing' ? `step "${resolved.step}" does not exist` : `branches loop: ${resolved.trail.join(' → ')}`;
  throw new AssistantError('DIALOG_INVALID', `${definition.file}: dialog "${definition.id}": ${detail}`);
}

/**
 * The first state of `definition` for `trust`.
 * @throws AssistantError `DIALOG_INVALID` when the dialog is not authored for the trust.
 */
export function startDialog(definition: DialogDefinition, trust: TrustId): DialogState {
  if (!definition.trusts.includes(trust)) {
    throw new AssistantError('DIALOG_INVALID', `${definition.file}: dialog "${definition.id}" has no citations for trust "${trust}"`);
  }
  return { v: 1, dialog: definition.id, trust, step: visible(definition, definition.start, []).id, answers: [] };
}

/** The navigation a state allows, in display order. */
export function availableNav(definition: DialogDefinition, state: DialogState): DialogNav[] {
  const step = definition.steps.get(state.step);
  const nav: DialogNav[] = [];
  if (step?.kind === 'info') nav.push('next', 'skip');
  if (state.answers.length > 0) nav.push('back', 'restart');
  nav.push('cancel');
  return nav;
}

/** Apply a choice or navigation to `state`. Never throws for user input: bad input is `rejected`. */
export function stepDialog(definition: DialogDefinition, state: DialogState, input: DialogInput): StepResult {
  if (input.kind === 'nav' && input.nav === 'cancel') return { status: 'cancelled' };
  if (input.kind === 'nav' && input.nav === 'restart') return { status: 'moved', state: startDialog(definition, state.trust) };
  if (input.step !== undefined && input.step !== state.step) return { status: 'rejected', state, reason: 'stale-step' };

  const step = definition.steps.get(state.step);
  if (step === undefined || step.kind === 'branch') return { status: 'rejected', state, reason: 'not-available' };

  if (input.kind === 'choice') {
    if (step.kind !== 'question') return { status: 'rejected', state, reason: 'not-available' };
    const choice = availableChoices(step, state.trust).find((c) => c.id === input.choice);
    if (choice === undefined) return { status: 'rejected', state, reason: 'unknown-choice' };
    return moveTo(definition, state, { step: step.id, answer: choice.id }, choice.next);
  }

  switch (input.nav) {
    case 'next':
    case 'skip': {
      if (step.kind !== 'info') return { status: 'rejected', state, reason: 'not-available' };
      const target = input.nav === 'skip' ? (step.skipTo ?? step.next) : step.next;
      return moveTo(definition, state, { step: step.id, answer: input.nav === 'skip' ? SKIPPED : READ }, target);
    }
    case 'back': {
      const previous = state.answers.at(-1);
      if (previous === undefined) return { status: 'rejected', state, reason: 'not-available' };
      return { status: 'moved', state: { ...state, step: previous.step, answers: state.answers.slice(0, -1) } };
    }
    default:
      return { status: 'rejected', state, reason: 'not-available' };
  }
}

function moveTo(definition: DialogDefinition, state: DialogState, answer: DialogAnswer, target: string): StepResult {
  const answers = [...state.answers, answer];
  return { status: 'moved', state: { ...state, step: visible(definition, target, answers).id, answers } };
}

/**
 * Rebuild a state by replaying `answers` from the start: how a stored state is
 * checked against the current definition. Undefined when any answer no longer fits
 * (the definition changed since the state was stored).
 */
export function replayDialog(definition: DialogDefinition, trust: TrustId, answers: readonly DialogAnswer[]): DialogState | undefined {
  if (!definition.trusts.includes(trust)) return undefined;
  let state = startDialog(definition, trust);
  for (const answer of answers) {
    const input: DialogInput =
      answer.answer === READ ? { kind: 'nav', nav: 'next' } : answer.answer === SKIPPED ? { kind: 'nav', nav: 'skip' } : { kind: 'choice', choice: answer.answer };
    if (answer.step !== state.step) return undefined;
    const result = stepDialog(definition, state, input);
    if (result.status !== 'moved') return undefined;
    state = result.state;
  }
  return state;
}

/** Fill `{sendco}` and `{trust}` in authored text. */
export function fillPlaceholders(text: string, trust: Pick<Trust, 'displayName' | 'sendcoRole'>): string {
  return text.replaceAll('{sendco}', trust.sendcoRole).replaceAll('{trust}', trust.displayName);
}

const NAV_LABELS: Record<DialogNav, string> = { next: 'Next', skip: 'Skip', back: 'Back', restart: 'Start again', cancel: 'Cancel' };

/** What to show for `state`. */
export function viewDialog(definition: DialogDefinition, state: DialogState, trust: Trust): DialogView {
  const fill = (text: string): string => fillPlaceholders(text, trust);
  const cite = (citations: DialogCitation[] | undefined): ViewCitation[] =>
    (citations ?? []).map((c) => (c.kind === 'gap' ? { ...c, text: fill(c.text) } : c));
  const step = visible(definition, state.step, state.answers);

  const nav: ViewAction[] = availableNav(definition, state).map((n) => ({
    kind: 'nav',
    nav: n,
    label: n === 'cancel' && step.kind === 'outcome' ? 'Done' : NAV_LABELS[n],
  }));
  const base = {
    dialog: { id: definition.id, title: fill(definition.title) },
    trust: { id: trust.id, name: trust.displayName, sendcoRole: trust.sendcoRole },
    step: { id: step.id, kind: step.kind },
    title: fill(step.title),
    citations: cite(step.citations[trust.id]),
    ...(state.answers.length === 0 && definition.note !== undefined ? { note: fill(definition.note) } : {}),
  };

  switch (step.kind) {
    case 'question': {
      const choices: ViewAction[] = availableChoices(step, trust.id).map((c) => ({ kind: 'choice', id: c.id, label: fill(c.label) }));
      return { ...base, text: fill(step.prompt), actions: [...choices, ...nav] };
    }
    case 'info': {
      const position = state.answers.filter((a) => a.answer === READ || a.answer === SKIPPED).length + 1;
      return {
        ...base,
        ...(step.body !== undefined ? { text: fill(step.body) } : {}),
        actions: nav,
        progress: { position, total: position + pagesAfter(definition, step.next, state.answers) },
      };
    }
    case 'outcome': {
      const answers: NonNullable<DialogView['answers']> = [];
      const read: string[] = [];
      const skipped: string[] = [];
      for (const a of state.answers) {
        const answered = definition.steps.get(a.step);
        if (answered?.kind === 'question') {
          const choice = answered.choices.find((c) => c.id === a.answer);
          if (choice) answers.push({ question: fill(answered.title), answer: fill(choice.label), citations: cite(choice.citations[trust.id]) });
        } else if (answered?.kind === 'info') {
          (a.answer === SKIPPED ? skipped : read).push(fill(answered.title));
        }
      }
      return {
        ...base,
        text: fill(step.summary),
        nextSteps: step.actions.map(fill),
        answers,
        ...(read.length + skipped.length > 0 ? { tour: { read, skipped } } : {}),
        actions: nav,
      };
    }
  }
}

/** How many info pages follow `stepId` on the "next" path. */
function pagesAfter(definition: DialogDefinition, stepId: string, answers: readonly DialogAnswer[]): number {
  let count = 0;
  const seen = new Set<string>();
  let resolved = resolveStep(definition, stepId, answers);
  while (resolved.ok && resolved.step.kind === 'info' && !seen.has(resolved.step.id)) {
    seen.add(resolved.step.id);
    count++;
    resolved = resolveStep(definition, resolved.step.next, answers);
  }
  return count;
}
