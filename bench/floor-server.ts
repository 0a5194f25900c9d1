/**
 * The HTTP benchmark's Bot Framework floor: the product's own server, edge and
 * adapter (`bot/server.ts`, `bot/adapter.ts`, configured from the environment
 * like `bot/main.ts`), with a turn handler that only sends a fixed answer card:
 * no state, no dialogs, no retrieval. What a turn costs before the bot does
 * anything. `node --import tsx bench/floor-server.ts REPLY_FILE` (port from `PORT`).
 */
import { readFileSync } from 'node:fs';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { SendPolicyAdapter } from '../bot/adapter.js';
import { createBotAuthentication } from '../bot/auth.js';
import { createLogger } from '../bot/logger.js';
import { startServer } from '../bot/server.js';
import { loadConfig } from '../src/config.js';

const replyFile = process.argv[2];
if (!replyFile) {
  process.stderr.write('usage: floor-server.ts REPLY_FILE\n');
  process.exit(2);
}
const replies = z
  .object({ activities: z.array(z.looseObject({ attachments: z.array(z.looseObject({ contentType: z.string(), content: z.unknown() })).optional() })) })
  .parse(JSON.parse(readFileSync(replyFile, 'utf8')));
const attachments = replies.activities.find((a) => a.attachments && a.attachments.length > 0)?.attachments ?? [];

const config = loadConfig();
const logger = createLogger(config.log);
const adapter = new SendPolicyAdapter(createBotAuthentication(config.bot));
const bot = {
  run: async (context: TurnContext) => {
    await context.sendActivity({ type: 'message', attachments });
  },
};
const running = await startServer(config, { adapter, logger, bot });
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
