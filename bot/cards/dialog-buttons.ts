/** Buttons that start guided dialogs, shared by the help, welcome, not-covered and dialogs cards. */
import { TextBlock } from '@microsoft/teams.cards';
import type { ActionSet } from '@microsoft/teams.cards';
import type { DialogSummary } from '../dialogs/dialog-router.js';
import { button, buttonRows } from './card-parts.js';

/** One button per dialog, titled with the dialog's title. */
export function dialogButtons(dialogs: readonly DialogSummary[]): ActionSet[] {
  return buttonRows(dialogs.map((d) => button(d.title, { action: 'startDialog', dialog: d.id })));
}

/** A titled list of dialogs with a line of description each, then their buttons; nothing when there are none. */
export function dialogSection(title: string, dialogs: readonly DialogSummary[]): (TextBlock | ActionSet)[] {
  if (dialogs.length === 0) return [];
  return [
    new TextBlock(title, { weight: 'Bolder', wrap: true, spacing: 'Large' }),
    ...dialogs.map((d) => new TextBlock(`**${d.title}**: ${d.description}`, { wrap: true, spacing: 'Small' })),
    ...dialogButtons(dialogs),
  ];
}
