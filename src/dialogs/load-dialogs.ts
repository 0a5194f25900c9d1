/**
 * Read the dialog definitions (`knowledge/dialogs/*.json`) and validate them against
 * the parsed policies. Run at start-up: a definition that cites a missing section or
 * quote, dead-ends or has an unreachable step stops the server with a message naming
 * the file, dialog, step and trust.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AssistantError } from '../errors.js';
import { compileDialogs } from './compile-dialogs.js';
import type { CompiledDialogs, DialogKnowledgeSource, DialogSourceFile } from './compile-dialogs.js';
import { DialogCatalogue } from './dialog-catalogue.js';
import { dialogIssuesError } from './dialog-issues.js';

/** How a file is named in messages: relative to the working directory when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * Read every `*.json` file of `dir`, in name order.
 * @throws AssistantError `KNOWLEDGE_FILE_UNREADABLE` / `KNOWLEDGE_FILE_INVALID` naming the file.
 */
export function readDialogFiles(dir: string): DialogSourceFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw new AssistantError('KNOWLEDGE_FILE_UNREADABLE', `cannot read the dialogs folder ${shown(dir)}: ${describe(error)}`, { cause: error });
  }
  return names.map((name) => {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new AssistantError('KNOWLEDGE_FILE_UNREADABLE', `cannot read ${shown(file)}: ${describe(error)}`, { cause: error });
    }
    try {
      return { file: shown(file), json: JSON.parse(text) as unknown };
    } catch (error) {
      throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${shown(file)} is not valid JSON: ${describe(error)}`, { cause: error });
    }
  });
}

/** Read and validate the dialogs of `dir`, reporting every problem instead of throwing. */
export function checkDialogs(dir: string, knowledge: DialogKnowledgeSource): CompiledDialogs {
  return compileDialogs(readDialogFiles(dir), knowledge);
}

/**
 * Read and validate the dialogs of `dir` into a catalogue.
 * @throws AssistantError `DIALOG_INVALID` listing every problem, each naming file, dialog, step and trust.
 */
export function loadDialogs(dir: string, knowledge: DialogKnowledgeSource): DialogCatalogue {
  const { dialogs, issues } = checkDialogs(dir, knowledge);
  if (issues.length > 0) throw dialogIssuesError(issues);
  return new DialogCatalogue(dialogs, knowledge.trusts);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
