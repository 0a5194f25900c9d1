/**
 * Every path through a dialog for one trust, walked with the engine's own rules:
 * the basis of the dead-end and reachability checks, and of the tests that walk
 * every path to its outcome.
 */
import type { TrustId } from '../knowledge/types.js';
import { availableChoices, resolveStep } from './engine.js';
import { READ, SKIPPED } from './types.js';
import type { DialogAnswer, DialogDefinition } from './types.js';

/** A complete path: the answers given and the outcome reached. */
export interface DialogPath {
  answers: DialogAnswer[];
  outcome: string;
}

/** Why some path cannot reach an outcome. */
export type PathProblem =
  /** A question offers the trust no choice. */
  | { kind: 'dead-end'; step: string; trail: string[] }
  /** The path comes back to a step it already passed. */
  | { kind: 'cycle'; step: string; trail: string[] }
  /** A step points to a step that does not exist. */
  | { kind: 'missing'; step: string; target: string; trail: string[] };

/** The result of walking a dialog for one trust. */
export interface PathExploration {
  paths: DialogPath[];
  problems: PathProblem[];
  /** Every step (branch steps included) some path passes through. */
  reached: Set<string>;
  /** True when the walk stopped at the path limit. */
  truncated: boolean;
}

/** Walk every path of `definition` for `trust`, up to `limit` complete paths. */
export function explorePaths(definition: DialogDefinition, trust: TrustId, limit = 10_000): PathExploration {
  const paths: DialogPath[] = [];
  const problems: PathProblem[] = [];
  const reached = new Set<string>();
  let truncated = false;

  const land = (from: string, target: string, answers: DialogAnswer[], trail: string[]): void => {
    const resolved = resolveStep(definition, target, answers);
    if (!resolved.ok) {
      if (resolved.problem === 'missing') problems.push({ kind: 'missing', step: from, target: resolved.step, trail });
      else problems.push({ kind: 'cycle', step: resolved.trail.at(-1) ?? target, trail: [...trail, ...resolved.trail] });
      return;
    }
    for (const branch of resolved.via) reached.add(branch);
    visit(resolved.step.id, answers, trail);
  };

  const visit = (stepId: string, answers: DialogAnswer[], trail: string[]): void => {
    if (truncated) return;
    if (trail.includes(stepId)) {
      problems.push({ kind: 'cycle', step: stepId, trail: [...trail, stepId] });
      return;
    }
    reached.add(stepId);
    const here = [...trail, stepId];
    const step = definition.steps.get(stepId);
    if (step === undefined || step.kind === 'branch') return;
    switch (step.kind) {
      case 'outcome':
        if (paths.length >= limit) truncated = true;
        else paths.push({ answers, outcome: step.id });
        return;
      case 'info':
        land(step.id, step.next, [...answers, { step: step.id, answer: READ }], here);
        if (step.skipTo !== undefined && step.skipTo !== step.next) {
          land(step.id, step.skipTo, [...answers, { step: step.id, answer: SKIPPED }], here);
        }
        return;
      case 'question': {
        const choices = availableChoices(step, trust);
        if (choices.length === 0) problems.push({ kind: 'dead-end', step: step.id, trail: here });
        for (const choice of choices) land(step.id, choice.next, [...answers, { step: step.id, answer: choice.id }], here);
        return;
      }
    }
  };

  land(definition.start, definition.start, [], []);
  return { paths, problems, reached, truncated };
}
