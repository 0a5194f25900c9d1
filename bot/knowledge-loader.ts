/** Opens the knowledge base the bot answers from, as the configuration says. */
import { openKnowledgeBase } from '../src/answers/knowledge-base.js';
import type { KnowledgeBase } from '../src/answers/knowledge-base.js';
import { fixedClock, systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import type { Logger } from './logger.js';

/** Open the knowledge base (rebuilding the index artifact first when it is missing or stale). */
export async function loadKnowledge(config: Config, logger: Logger): Promise<KnowledgeBase> {
  const started = performance.now();
  const knowledge = await openKnowledgeBase({
    dir: config.knowledge.dir,
    indexPath: config.knowledge.indexPath,
    semantic: config.knowledge.semantic,
    clock: config.knowledge.today ? fixedClock(config.knowledge.today) : systemClock,
    onNotice: (notice) => logger.info({ event: 'knowledge' }, notice),
    onProgress: (progress) => logger.debug({ event: 'knowledge-build', ...progress }, 'building the index'),
  });
  logger.info(
    { event: 'knowledge-loaded', trusts: knowledge.trusts.map((t) => t.id), semantic: config.knowledge.semantic, ms: Math.round(performance.now() - started) },
    'knowledge loaded',
  );
  return knowledge;
}
