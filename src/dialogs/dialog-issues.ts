/**
 * Problems found in guided dialog definitions, each naming the file, the dialog,
 * and where it applies the step, choice, trust and field.
 */
import { AssistantError } from '../errors.js';

/** One problem with a dialog definition. */
export interface DialogIssue {
  /** The definition file, as shown to the operator (e.g. `knowledge/dialogs/induction.json`). */
  file: string;
  dialog?: string;
  step?: string;
  choice?: string;
  trust?: string;
  /** Field path inside the file, e.g. `steps[2].citations.aspire[1].quote`. */
  field?: string;
  message: string;
}

/** One line naming where the issue is, then what is wrong. */
export function formatIssue(issue: DialogIssue): string {
  const where = [
    issue.dialog !== undefined ? `dialog "${issue.dialog}"` : undefined,
    issue.step !== undefined ? `step "${issue.step}"` : undefined,
    issue.choice !== undefined ? `choice "${issue.choice}"` : undefined,
    issue.trust !== undefined ? `trust "${issue.trust}"` : undefined,
    issue.field !== undefined ? `field ${issue.field}` : undefined,
  ].filter((part) => part !== undefined);
  return `${issue.file}: ${where.length > 0 ? `${where.join(', ')}: ` : ''}${issue.message}`;
}

/** How many issues an error message lists before summarising the rest. */
const LISTED = 20;

/** The error for a set of issues: `DIALOG_INVALID`, listing them one per line. */
export function dialogIssuesError(issues: readonly DialogIssue[]): AssistantError {
  const lines = issues.slice(0, LISTED).map((i) => `  - ${formatIssue(i)}`);
  if (issues.length > LISTED) lines.push(`  - …and ${issues.length - LISTED} more`);
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new AssistantError('DIALOG_INVALID', `guided dialog definitions have ${count}:\n${lines.join('\n')}`);
}
