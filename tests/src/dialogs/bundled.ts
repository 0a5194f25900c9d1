/** The bundled knowledge and dialogs, loaded once per test file. */
import path from 'node:path';
import { projectRoot } from '../../../src/config.js';
import { loadDialogs } from '../../../src/dialogs/load-dialogs.js';
import type { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../../src/knowledge/types.js';

export const knowledgeDir = path.join(projectRoot, 'knowledge');
export const dialogsDir = path.join(knowledgeDir, 'dialogs');

let loaded: Promise<{ knowledge: Knowledge; catalogue: DialogCatalogue }> | undefined;

/** The bundled knowledge and the validated dialog catalogue. */
export function bundled(): Promise<{ knowledge: Knowledge; catalogue: DialogCatalogue }> {
  loaded ??= loadKnowledge(knowledgeDir).then((knowledge) => ({ knowledge, catalogue: loadDialogs(dialogsDir, knowledge) }));
  return loaded;
}
