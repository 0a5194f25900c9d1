/** Opens the knowledge base the bot answers from, as the configuration says. */
import { openKnowledgeBase } from '../src/answers/knowledge-base.js';
import type { KnowledgeBase } from '../src/answers/knowledge-base.js';
import { fixedClock, systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import type { Logger } from './logger.js';

/** Where a person watching the start-up is told what takes time (the terminal chat's stderr). */
export type ProgressLine = (line: string) => void;

const stageNames = { parse: 'reading the policies', index: 'indexing sections', embed: 'embedding sections', write: 'saving the index' } as const;

/** Open the knowledge base (rebuilding the index artifact first when it is missing or stale). */
export async function loadKnowledge(config: Config, logger: Logger, progress?: ProgressLine): Promise<KnowledgeBase> {
  const started = performance.now();
  let lastStage = '';
  const knowledge = await openKnowledgeBase({
    dir: config.knowledge.dir,
    indexPath: config.knowledge.indexPath,
    semantic: config.knowledge.semantic,
    maxLoadedTrusts: config.knowledge.maxLoadedTrusts,
    clock: config.knowledge.today ? fixedClock(config.knowledge.today) : systemClock,
    onNotice: (notice) => {
      logger.info({ event: 'knowledge' }, notice);
      progress?.(notice);
    },
    onProgress: (step) => {
      logger.debug({ event: 'knowledge-build', ...step }, 'building the index');
      if (lastStage === '') progress?.('Building the search index (a minute or two; it is saved for the next start)');
      if (step.stage !== lastStage) progress?.(`  … ${stageNames[step.stage]}`);
      lastStage = step.stage;
    },
  });
  logger.info(
    { event: 'knowledge-loaded', trusts: knowledge.trusts.map((t) => t.id), semantic: config.knowledge.semantic, ms: Math.round(performance.now() - started) },
    'knowledge loaded',
  );
  return knowledge;
}
