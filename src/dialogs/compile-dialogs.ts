/**
 * Turn authored dialog files into validated {@link DialogDefinition}s. Checks, in
 * order: the schema; ids, references and trusts; every citation against the trust's
 * own parsed policy (heading against the section's heading path, quote against its
 * text); then every path for every trust (dead ends, loops, unreachable steps).
 */
import type { Knowledge, PolicyDocument, Trust, TrustId } from '../knowledge/types.js';
import { dialogDefinitionSchema } from './definition-schema.js';
import type { CitationsSource, DialogDefinitionSource, StepSource, TrustCitationsSource } from './definition-schema.js';
import type { DialogIssue } from './dialog-issues.js';
import { explorePaths } from './dialog-paths.js';
import { messageWords } from './dialog-triggers.js';
import { findQuote, normaliseWhitespace } from './quote-match.js';
import type { CitationMap, DialogCitation, DialogDefinition, DialogStep } from './types.js';

/** An authored dialog file: its name (as shown in messages) and parsed JSON. */
export interface DialogSourceFile {
  file: string;
  json: unknown;
}

/** Validated definitions and every problem found. Definitions with problems are left out. */
export interface CompiledDialogs {
  dialogs: DialogDefinition[];
  issues: DialogIssue[];
}

/**
 * What checking the dialogs reads of the policies: the trusts, and the
 * documents (with their sections) of one trust at a time, so a knowledge base
 * that loads trusts on demand loads only the trusts the dialogs cite.
 */
export interface DialogKnowledge {
  trusts: readonly Trust[];
  documentsOf(trust: TrustId): readonly PolicyDocument[];
}

/** Parsed policies ({@link Knowledge}) or a {@link DialogKnowledge}. */
export type DialogKnowledgeSource = Knowledge | DialogKnowledge;

/** `knowledge` as a {@link DialogKnowledge}. */
export function asDialogKnowledge(knowledge: DialogKnowledgeSource): DialogKnowledge {
  if ('documentsOf' in knowledge) return knowledge;
  return { trusts: knowledge.trusts, documentsOf: (trust) => knowledge.documents.filter((d) => d.trust === trust) };
}

/** Compile and validate dialog files against `knowledge`. */
export function compileDialogs(files: readonly DialogSourceFile[], source: DialogKnowledgeSource): CompiledDialogs {
  const knowledge = asDialogKnowledge(source);
  const dialogs: DialogDefinition[] = [];
  const issues: DialogIssue[] = [];
  const seen = new Map<string, string>();
  /** Trigger phrase (as words) → the dialog that uses it. */
  const phrases = new Map<string, string>();
  for (const source of files) {
    const parsed = dialogDefinitionSchema.safeParse(source.json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ file: source.file, ...locate(source.json, issue.path), field: fieldPath(issue.path), message: issue.message });
      }
      continue;
    }
    const before = issues.length;
    const definition = compileOne(source.file, parsed.data, knowledge, issues);
    const other = seen.get(parsed.data.id);
    if (other !== undefined) issues.push({ file: source.file, dialog: parsed.data.id, field: 'id', message: `the id is already used by ${other}` });
    seen.set(parsed.data.id, source.file);
    parsed.data.triggers.forEach((trigger, i) => {
      const phrase = messageWords(trigger.phrase).join(' ');
      const owner = phrases.get(phrase);
      if (owner !== undefined && owner !== parsed.data.id) {
        issues.push({ file: source.file, dialog: parsed.data.id, field: `triggers[${i}]`, message: `trigger "${trigger.phrase}" also starts dialog "${owner}"` });
      }
      phrases.set(phrase, parsed.data.id);
    });
    if (issues.length === before) dialogs.push(definition);
  }
  dialogs.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { dialogs, issues };
}

function compileOne(file: string, source: DialogDefinitionSource, knowledge: DialogKnowledge, issues: DialogIssue[]): DialogDefinition {
  const dialog = source.id;
  const at = (extra: Omit<DialogIssue, 'file' | 'dialog'>): void => {
    issues.push({ file, dialog, ...extra });
  };
  const known = new Set(knowledge.trusts.map((t) => t.id));
  const dialogTrusts = new Set(source.trusts);

  source.trusts.forEach((trust, i) => {
    if (!known.has(trust)) at({ trust, field: `trusts[${i}]`, message: `trust "${trust}" is not in the trust registry` });
  });
  if (dialogTrusts.size !== source.trusts.length) at({ field: 'trusts', message: 'a trust is listed twice' });

  const stepIds = new Set<string>();
  source.steps.forEach((step, i) => {
    if (stepIds.has(step.id)) at({ step: step.id, field: `steps[${i}].id`, message: `step id "${step.id}" is used twice` });
    stepIds.add(step.id);
  });
  let broken = false;
  const refer = (from: { step: string; choice?: string; field: string }, target: string): void => {
    if (stepIds.has(target)) return;
    broken = true;
    at({ ...from, message: `points to step "${target}", which does not exist` });
  };
  if (!stepIds.has(source.start)) {
    broken = true;
    at({ field: 'start', message: `the start step "${source.start}" does not exist` });
  }

  for (const { field, text } of authoredTexts(source)) {
    for (const [placeholder] of text.matchAll(/\{[^}\s]*\}/g)) {
      if (!PLACEHOLDERS.has(placeholder)) at({ field, message: `unknown placeholder ${placeholder}: use {sendco} or {trust}` });
    }
  }

  const triggerPhrases = new Set<string>();
  source.triggers.forEach((trigger, i) => {
    const phrase = normaliseWhitespace(trigger.phrase.toLowerCase());
    if (triggerPhrases.has(phrase)) at({ field: `triggers[${i}]`, message: `trigger "${trigger.phrase}" is listed twice` });
    triggerPhrases.add(phrase);
  });

  const documents = new Map<TrustId, PolicyDocument[]>();
  for (const trust of source.trusts) if (known.has(trust)) documents.set(trust, [...knowledge.documentsOf(trust)]);

  const steps = new Map<string, DialogStep>();
  source.steps.forEach((step, i) => {
    const field = `steps[${i}]`;
    const cite = (citations: CitationsSource | undefined, where: { field: string; choice?: string }, required: boolean): CitationMap =>
      resolveCitations(citations, { step: step.id, ...where }, required, source.trusts, documents, at);
    switch (step.kind) {
      case 'question': {
        const choiceIds = new Set<string>();
        step.choices.forEach((choice, j) => {
          const cf = `${field}.choices[${j}]`;
          if (choiceIds.has(choice.id)) at({ step: step.id, choice: choice.id, field: `${cf}.id`, message: `choice id "${choice.id}" is used twice in this step` });
          choiceIds.add(choice.id);
          refer({ step: step.id, choice: choice.id, field: `${cf}.next` }, choice.next);
          choice.trusts?.forEach((trust, k) => {
            if (!dialogTrusts.has(trust)) at({ step: step.id, choice: choice.id, trust, field: `${cf}.trusts[${k}]`, message: `trust "${trust}" is not one of the dialog's trusts` });
          });
        });
        steps.set(step.id, {
          kind: 'question',
          id: step.id,
          title: step.title,
          prompt: step.prompt,
          citations: cite(step.citations, { field: `${field}.citations` }, true),
          choices: step.choices.map((choice, j) => ({
            id: choice.id,
            label: choice.label,
            next: choice.next,
            ...(choice.trusts !== undefined ? { trusts: choice.trusts } : {}),
            citations: cite(choice.citations, { field: `${field}.choices[${j}].citations`, choice: choice.id }, false),
          })),
        });
        return;
      }
      case 'info':
        refer({ step: step.id, field: `${field}.next` }, step.next);
        if (step.skipTo !== undefined) refer({ step: step.id, field: `${field}.skipTo` }, step.skipTo);
        steps.set(step.id, {
          kind: 'info',
          id: step.id,
          title: step.title,
          ...(step.body !== undefined ? { body: step.body } : {}),
          next: step.next,
          ...(step.skipTo !== undefined ? { skipTo: step.skipTo } : {}),
          citations: cite(step.citations, { field: `${field}.citations` }, true),
        });
        return;
      case 'branch':
        step.branches.forEach((branch, j) => {
          refer({ step: step.id, field: `${field}.branches[${j}].next` }, branch.next);
          for (const [question, choices] of Object.entries(branch.when)) {
            const target = source.steps.find((s) => s.id === question);
            if (target?.kind !== 'question') {
              at({ step: step.id, field: `${field}.branches[${j}].when.${question}`, message: `the condition names "${question}", which is not a question step` });
              continue;
            }
            for (const choice of choices) {
              if (!target.choices.some((c) => c.id === choice)) {
                at({ step: step.id, field: `${field}.branches[${j}].when.${question}`, message: `question "${question}" has no choice "${choice}"` });
              }
            }
          }
        });
        refer({ step: step.id, field: `${field}.otherwise` }, step.otherwise);
        steps.set(step.id, { kind: 'branch', id: step.id, branches: step.branches, otherwise: step.otherwise });
        return;
      case 'outcome':
        steps.set(step.id, {
          kind: 'outcome',
          id: step.id,
          title: step.title,
          summary: step.summary,
          actions: step.actions,
          citations: cite(step.citations, { field: `${field}.citations` }, true),
        });
        return;
    }
  });

  const definition: DialogDefinition = {
    id: source.id,
    file,
    title: source.title,
    description: source.description,
    order: source.order,
    ...(source.note !== undefined ? { note: source.note } : {}),
    trusts: source.trusts,
    triggers: source.triggers,
    progress: source.progress,
    start: source.start,
    steps,
  };

  // Paths are only walked over a structurally sound definition.
  if (broken) return definition;
  for (const trust of source.trusts.filter((t) => known.has(t))) {
    checkPaths(definition, trust, source.steps, at);
  }
  return definition;
}

function checkPaths(definition: DialogDefinition, trust: TrustId, steps: StepSource[], at: (issue: Omit<DialogIssue, 'file' | 'dialog'>) => void): void {
  const walk = explorePaths(definition, trust);
  const reported = new Set<string>();
  for (const problem of walk.problems) {
    const key = `${problem.kind}:${problem.step}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const trail = problem.trail.join(' → ');
    if (problem.kind === 'dead-end') at({ step: problem.step, trust, message: `dead end: no choice is offered to this trust, so the path ${trail} never reaches an outcome` });
    else if (problem.kind === 'cycle') at({ step: problem.step, trust, message: `loop: the path ${trail} comes back to a step it already passed` });
    else at({ step: problem.step, trust, message: `points to step "${problem.target}", which does not exist` });
  }
  if (walk.truncated) at({ trust, message: 'has more paths than can be checked; split it into smaller dialogs' });
  steps.forEach((step, i) => {
    if (!walk.reached.has(step.id)) at({ step: step.id, trust, field: `steps[${i}]`, message: 'unreachable: no path from the start leads to this step for this trust' });
  });
}

/** Resolve one citations object; adds an issue per problem. */
function resolveCitations(
  citations: CitationsSource | undefined,
  where: { step: string; field: string; choice?: string },
  required: boolean,
  trusts: readonly TrustId[],
  documents: ReadonlyMap<TrustId, PolicyDocument[]>,
  at: (issue: Omit<DialogIssue, 'file' | 'dialog'>) => void,
): CitationMap {
  const resolved: CitationMap = {};
  const given = citations ?? {};
  for (const trust of Object.keys(given)) {
    if (!trusts.includes(trust)) at({ ...where, trust, field: `${where.field}.${trust}`, message: `cites trust "${trust}", which is not one of the dialog's trusts` });
  }
  for (const trust of trusts) {
    const entry: TrustCitationsSource | undefined = given[trust];
    if (entry === undefined) {
      if (required) at({ ...where, trust, field: `${where.field}.${trust}`, message: `has no citations for this trust: add quotes from its policy, or { "notCovered": "why" }` });
      continue;
    }
    const items = Array.isArray(entry) ? entry : [entry];
    const out: DialogCitation[] = [];
    items.forEach((item, index) => {
      const field = Array.isArray(entry) ? `${where.field}.${trust}[${index}]` : `${where.field}.${trust}`;
      if ('notCovered' in item) {
        out.push({ kind: 'gap', text: item.notCovered, ...(item.label !== undefined ? { label: item.label } : {}) });
        return;
      }
      const found = findQuote(documents.get(trust) ?? [], item.heading, item.quote);
      if ('reason' in found) {
        const quote = shortQuote(item.quote);
        if (found.reason === 'heading-not-found') {
          at({ ...where, trust, field: `${field}.heading`, message: `no section of ${trust}'s policy has a heading matching "${item.heading}"` });
        } else {
          const hint = found.elsewhere ? ` (it is under "${found.elsewhere.headingPath.join(' > ')}")` : '';
          at({ ...where, trust, field: `${field}.quote`, message: `quote not found under "${item.heading}" in ${trust}'s policy${hint}: "${quote}"` });
        }
        return;
      }
      out.push({
        kind: 'quote',
        quote: found.text,
        sectionId: found.section.id,
        document: found.document.title,
        headingPath: found.section.headingPath,
        ...(item.label !== undefined ? { label: item.label } : {}),
      });
    });
    resolved[trust] = out;
  }
  return resolved;
}

/** Placeholders authored text may use; filled per trust when shown. */
const PLACEHOLDERS = new Set(['{sendco}', '{trust}']);

/** Every text shown to staff (quotes aside), with its field path. */
function authoredTexts(source: DialogDefinitionSource): Array<{ field: string; text: string }> {
  const out: Array<{ field: string; text: string }> = [
    { field: 'title', text: source.title },
    { field: 'description', text: source.description },
    ...(source.note !== undefined ? [{ field: 'note', text: source.note }] : []),
  ];
  const gaps = (citations: CitationsSource | undefined, field: string): void => {
    for (const [trust, entry] of Object.entries(citations ?? {})) {
      const items = Array.isArray(entry) ? entry : [entry];
      items.forEach((item, i) => {
        if ('notCovered' in item) out.push({ field: `${field}.${trust}${Array.isArray(entry) ? `[${i}]` : ''}.notCovered`, text: item.notCovered });
      });
    }
  };
  source.steps.forEach((step, i) => {
    const f = `steps[${i}]`;
    if (step.kind === 'branch') return;
    out.push({ field: `${f}.title`, text: step.title });
    gaps(step.citations, `${f}.citations`);
    if (step.kind === 'question') {
      out.push({ field: `${f}.prompt`, text: step.prompt });
      step.choices.forEach((c, j) => {
        out.push({ field: `${f}.choices[${j}].label`, text: c.label });
        gaps(c.citations, `${f}.choices[${j}].citations`);
      });
    } else if (step.kind === 'info') {
      if (step.body !== undefined) out.push({ field: `${f}.body`, text: step.body });
    } else {
      out.push({ field: `${f}.summary`, text: step.summary });
      step.actions.forEach((a, j) => out.push({ field: `${f}.actions[${j}]`, text: a }));
    }
  });
  return out;
}

function shortQuote(quote: string): string {
  const q = normaliseWhitespace(quote);
  return q.length > 90 ? `${q.slice(0, 87)}…` : q;
}

/** `steps[2].choices[0].next` from a zod issue path. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? String(key) : `${acc}.${String(key)}`), '') || '(file)';
}

/** The dialog and step ids around a zod issue, read from the raw JSON. */
function locate(json: unknown, path: readonly PropertyKey[]): Pick<DialogIssue, 'dialog' | 'step'> {
  const out: Pick<DialogIssue, 'dialog' | 'step'> = {};
  if (!isRecord(json)) return out;
  if (typeof json.id === 'string') out.dialog = json.id;
  if (path[0] === 'steps' && typeof path[1] === 'number' && Array.isArray(json.steps)) {
    const step: unknown = json.steps[path[1]];
    if (isRecord(step) && typeof step.id === 'string') out.step = step.id;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
