/**
 * Every citation of a dialog, flattened: for checking section ids against a loaded
 * index and for the per-trust coverage report.
 */
import type { TrustId } from '../knowledge/types.js';
import type { DialogCitation, DialogDefinition } from './types.js';

/** One citation and where it sits. */
export interface PlacedCitation {
  dialog: string;
  step: string;
  /** Set for a choice's own citations. */
  choice?: string;
  trust: TrustId;
  citation: DialogCitation;
}

/** Every citation of `definition`, steps in authored order, choices after their step. */
export function dialogCitations(definition: DialogDefinition): PlacedCitation[] {
  const out: PlacedCitation[] = [];
  for (const step of definition.steps.values()) {
    if (step.kind === 'branch') continue;
    for (const [trust, list] of Object.entries(step.citations)) {
      for (const citation of list ?? []) out.push({ dialog: definition.id, step: step.id, trust, citation });
    }
    if (step.kind !== 'question') continue;
    for (const choice of step.choices) {
      for (const [trust, list] of Object.entries(choice.citations)) {
        for (const citation of list ?? []) out.push({ dialog: definition.id, step: step.id, choice: choice.id, trust, citation });
      }
    }
  }
  return out;
}

/** How well a trust's policy covers each visible step of a dialog. */
export interface StepCoverage {
  step: string;
  kind: 'question' | 'info' | 'outcome';
  /** `covered`: quotes only; `partial`: quotes and gap notes; `not-covered`: gap notes only. */
  coverage: 'covered' | 'partial' | 'not-covered';
  quotes: number;
  gaps: string[];
}

/** Per-step coverage of `definition` for `trust`. */
export function dialogCoverage(definition: DialogDefinition, trust: TrustId): StepCoverage[] {
  const out: StepCoverage[] = [];
  for (const step of definition.steps.values()) {
    if (step.kind === 'branch') continue;
    const list = step.citations[trust] ?? [];
    const quotes = list.filter((c) => c.kind === 'quote').length;
    const gaps = list.flatMap((c) => (c.kind === 'gap' ? [c.label ? `${c.label}: ${c.text}` : c.text] : []));
    out.push({ step: step.id, kind: step.kind, coverage: gaps.length === 0 ? 'covered' : quotes === 0 ? 'not-covered' : 'partial', quotes, gaps });
  }
  return out;
}
