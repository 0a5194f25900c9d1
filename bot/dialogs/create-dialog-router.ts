/**
 * `createDialogRouter`: the guided dialogs' factory the composition root imports.
 * It reads `<knowledge dir>/dialogs/*.json`, validates every definition against the
 * sections the knowledge base holds (loading only the trusts the dialogs cite) and refuses to start (throws `DIALOG_INVALID`, naming
 * file, dialog, step and trust) when a quote, section or path is wrong. Served
 * through the server's reloadable knowledge, the dialogs are read and checked again
 * with every knowledge reload, and swapped in only with it.
 */
import path from 'node:path';
import type { BotState, UserState } from 'botbuilder';
import type { Logger } from 'pino';
import { dialogCitations } from '../../src/dialogs/dialog-citations.js';
import type { DialogKnowledge } from '../../src/dialogs/compile-dialogs.js';
import type { DialogCatalogue } from '../../src/dialogs/dialog-catalogue.js';
import { dialogIssuesError } from '../../src/dialogs/dialog-issues.js';
import type { DialogIssue } from '../../src/dialogs/dialog-issues.js';
import { loadDialogs } from '../../src/dialogs/load-dialogs.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Section } from '../../src/knowledge/types.js';
import type { Reloadable } from '../knowledge-reloader.js';
import type { DialogRouter } from './dialog-router.js';
import { GuidedDialogRouter } from './guided-dialog-router.js';

/** What `createDialogRouter` needs from the composition root. */
export interface CreateDialogRouterDeps {
  /** Each person's state in each conversation (`PrivateConversationState`); the dialog stack is a property of it. */
  dialogState: BotState;
  /** The user state the handler saves; induction progress is a property of it. */
  userState: UserState;
  /** `config.knowledge.dir`: the folder holding `trusts.json`, `policies/` and `dialogs/`. */
  config: { knowledge: { dir: string } };
  /**
   * The knowledge base the handler shows sections from: every cited section id is
   * checked against it, so "Show the whole section" always finds the section. When
   * it can be reloaded (the server's `KnowledgeHolder`), every reload re-reads and
   * re-checks the dialogs against the new knowledge, and a reload whose dialogs fail
   * the check is refused as a whole (the previous knowledge and dialogs keep serving).
   */
  knowledgeBase?: { section(id: string): Section | undefined } & Partial<DialogKnowledge> & Partial<Reloadable>;
  logger?: Logger;
}

/**
 * Build the guided dialogs' router.
 * @throws AssistantError `DIALOG_INVALID` when a definition does not match the policies.
 */
export async function createDialogRouter(deps: CreateDialogRouterDeps): Promise<DialogRouter> {
  const { knowledgeBase, logger } = deps;
  const catalogue = await readCatalogue(deps.config.knowledge.dir, knowledgeBase);
  logger?.info({ event: 'dialogs-loaded', dialogs: catalogue.dialogs.map((d) => d.id) }, 'guided dialogs loaded');
  const router = new GuidedDialogRouter({
    dialogState: deps.dialogState,
    userState: deps.userState,
    catalogue,
    ...(logger ? { logger } : {}),
  });
  knowledgeBase?.reloadWith?.({
    name: 'guided dialogs',
    prepare: async (next) => {
      const reloaded = await readCatalogue(deps.config.knowledge.dir, next);
      return () => {
        router.useCatalogue(reloaded);
        logger?.info({ event: 'dialogs-reloaded', dialogs: reloaded.dialogs.map((d) => d.id) }, 'guided dialogs reloaded');
      };
    },
  });
  return router;
}

/**
 * Read `<dir>/dialogs/*.json` and check it against the policies: those the
 * knowledge base already holds (only the trusts the dialogs cite are loaded, and
 * no policy is parsed again) or, without one, the policies of `dir` parsed here;
 * and, when given, against the sections of the knowledge base the handler shows.
 * @throws AssistantError `DIALOG_INVALID`, `KNOWLEDGE_FILE_INVALID` or `KNOWLEDGE_FILE_UNREADABLE`, naming the file.
 */
async function readCatalogue(dir: string, knowledgeBase: CreateDialogRouterDeps['knowledgeBase']): Promise<DialogCatalogue> {
  const trusts = knowledgeBase?.trusts;
  const documentsOf = knowledgeBase?.documentsOf?.bind(knowledgeBase);
  const knowledge = trusts && documentsOf ? { trusts, documentsOf } : await loadKnowledge(dir);
  const catalogue = loadDialogs(path.join(dir, 'dialogs'), knowledge);
  if (knowledgeBase) checkSectionsShown(catalogue, knowledgeBase);
  return catalogue;
}

/** Every cited section must be one the handler can show, with the same trust. */
function checkSectionsShown(catalogue: DialogCatalogue, knowledgeBase: NonNullable<CreateDialogRouterDeps['knowledgeBase']>): void {
  const issues: DialogIssue[] = [];
  for (const definition of catalogue.dialogs) {
    for (const placed of dialogCitations(definition)) {
      if (placed.citation.kind !== 'quote') continue;
      const section = knowledgeBase.section(placed.citation.sectionId);
      if (section?.trust === placed.trust) continue;
      issues.push({
        file: definition.file,
        dialog: placed.dialog,
        step: placed.step,
        ...(placed.choice ? { choice: placed.choice } : {}),
        trust: placed.trust,
        message: `cites section ${placed.citation.sectionId}, which the loaded knowledge base does not have for this trust (rebuild the index)`,
      });
    }
  }
  if (issues.length > 0) throw dialogIssuesError(issues);
}
