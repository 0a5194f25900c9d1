/**
 * Typed messages that start a dialog, and typed answers to the step on screen.
 * Phrase rules come from the dialog data; matching is on whole words after
 * lower-casing and dropping punctuation.
 */
import type { DialogDefinition, DialogInput, DialogView } from './types.js';

/** Lower-case words of `text`: punctuation dropped, curly apostrophes straightened. */
export function messageWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[^\p{L}\p{N}'/+]+/gu, ' ')
    .split(' ')
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0);
}

/** Words around a command that do not change it: "start induction please", "the triage guide". */
const LEADING_FILLERS = new Set(['please', 'start', 'begin', 'open', 'run', 'launch', 'show', 'do', 'the', 'a', 'an', 'my', 'me', 'guided']);
const TRAILING_FILLERS = new Set(['please', 'guide', 'dialog', 'dialogue', 'now', 'thanks']);

function withoutFillers(words: readonly string[]): readonly string[] {
  let start = 0;
  let end = words.length;
  while (start < end && LEADING_FILLERS.has(words[start] ?? '')) start++;
  while (end > start && TRAILING_FILLERS.has(words[end - 1] ?? '')) end--;
  return words.slice(start, end);
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  if (run.length === 0 || run.length > words.length) return false;
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Trigger phrases read once (split into words), so that many messages can be
 * matched against the same dialogs without reading every phrase again.
 */
export class TriggerMatcher<D extends Pick<DialogDefinition, 'triggers'>> {
  readonly #phrases: ReadonlyArray<{ dialog: D; whole: boolean; words: readonly string[]; joined: string }>;

  constructor(dialogs: readonly D[]) {
    this.#phrases = dialogs.flatMap((dialog) =>
      dialog.triggers.map((trigger) => {
        const words = messageWords(trigger.phrase);
        return { dialog, whole: trigger.match === 'whole', words, joined: words.join(' ') };
      }),
    );
  }

  /**
   * The dialog whose trigger phrase the message matches; the longest matching phrase
   * wins, then the earlier dialog. Undefined when none matches.
   */
  match(text: string): D | undefined {
    return this.matchWords(messageWords(text));
  }

  /** {@link match} for a message already split by {@link messageWords}. */
  matchWords(words: readonly string[]): D | undefined {
    if (words.length === 0) return undefined;
    const command = withoutFillers(words).join(' ');
    let best: { dialog: D; length: number } | undefined;
    for (const phrase of this.#phrases) {
      const hit = phrase.whole ? phrase.joined === command : containsRun(words, phrase.words);
      if (hit && (best === undefined || phrase.words.length > best.length)) best = { dialog: phrase.dialog, length: phrase.words.length };
    }
    return best?.dialog;
  }
}

/**
 * The dialog whose trigger phrase the message matches; the longest matching phrase
 * wins, then the earlier dialog. Undefined when none matches.
 */
export function matchTrigger<D extends Pick<DialogDefinition, 'triggers'>>(dialogs: readonly D[], text: string): D | undefined {
  return new TriggerMatcher(dialogs).match(text);
}

/** Typed words for each navigation, besides the button labels. */
const NAV_WORDS: Array<{ nav: Extract<DialogInput, { kind: 'nav' }>['nav']; phrases: string[] }> = [
  { nav: 'cancel', phrases: ['cancel', 'stop', 'quit', 'exit', 'end', 'done', 'finish', 'close'] },
  { nav: 'restart', phrases: ['start again', 'restart', 'start over', 'begin again', 'from the start'] },
  { nav: 'back', phrases: ['back', 'go back', 'previous'] },
  { nav: 'next', phrases: ['next', 'continue', 'ok', 'okay'] },
  { nav: 'skip', phrases: ['skip'] },
];

/**
 * Read a typed message as an answer to the step in `view`: a button number ("2",
 * "2."), a button label, or a navigation word ("back", "start again", "cancel").
 * Undefined when the message is none of these (it is then a question, not an answer).
 */
export function interpretTyped(view: Pick<DialogView, 'actions' | 'step'>, text: string): DialogInput | undefined {
  const trimmed = text.trim();
  const number = /^(\d{1,2})\s*[.)]?$/.exec(trimmed);
  if (number) {
    const action = view.actions[Number(number[1]) - 1];
    if (action === undefined) return undefined;
    return action.kind === 'choice' ? { kind: 'choice', choice: action.id, step: view.step.id } : { kind: 'nav', nav: action.nav, step: view.step.id };
  }
  const said = messageWords(trimmed).join(' ');
  if (said === '') return undefined;
  for (const action of view.actions) {
    if (messageWords(action.label).join(' ') !== said) continue;
    return action.kind === 'choice' ? { kind: 'choice', choice: action.id, step: view.step.id } : { kind: 'nav', nav: action.nav, step: view.step.id };
  }
  const offered = new Set(view.actions.flatMap((a) => (a.kind === 'nav' ? [a.nav] : [])));
  for (const { nav, phrases } of NAV_WORDS) {
    // Cancel and start again work on every step; the others only where offered.
    if (phrases.includes(said) && (nav === 'cancel' || nav === 'restart' || offered.has(nav))) return { kind: 'nav', nav, step: view.step.id };
  }
  return undefined;
}
