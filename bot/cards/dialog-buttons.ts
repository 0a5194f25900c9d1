/** Buttons that start guided dialogs, shared by the help, not-covered and dialogs cards. */
import { ActionSet, TextBlock } from '@microsoft/teams.cards';
import type { DialogSummary } from '../dialogs/dialog-router.js';
import { button } from './card-parts.js';

/** A titled list of dialogs: a button per dialog, its description under it; nothing when there are none. */
export function dialogSection(title: string, dialogs: readonly DialogSummary[]): (TextBlock | ActionSet)[] {
  if (dialogs.length === 0) return [];
  return [
    new TextBlock(title, { weight: 'Bolder', wrap: true, spacing: 'Large' }),
    ...dialogs.flatMap((d) => [
      new ActionSet(button(d.title, { action: 'startDialog', dialog: d.id })).withSpacing('Medium'),
      new TextBlock(d.description, { wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' }),
    ]),
  ];
}
