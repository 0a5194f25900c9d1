/**
 * Graceful shutdown on SIGTERM or SIGINT: stop accepting connections, let the
 * turns in flight finish and answer, flush the logs, exit 0. Turns still running
 * after the grace period (the request timeout plus a margin) are cut off and the
 * process exits 1, so an orchestrator's own kill deadline is not what ends it.
 */
import type { Logger } from './logger.js';
import type { RunningServer } from './server.js';

/** Options of {@link gracefulShutdown}. */
export interface ShutdownOptions {
  server: RunningServer;
  logger: Logger;
  /** How long in-flight turns may take to finish. */
  graceMs: number;
  /** Exit the process (tests pass a spy). */
  exit?: (code: number) => void;
}

function flush(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    logger.flush(() => resolve());
  });
}

/** Stop serving and exit once in-flight turns have finished (or the grace period ran out). */
export async function gracefulShutdown({ server, logger, graceMs, exit = (code) => process.exit(code) }: ShutdownOptions, signal: string): Promise<void> {
  logger.info({ event: 'shutdown', signal, graceMs }, 'stopping: no new requests; finishing the ones in flight');
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
    timer.unref();
  });
  const outcome = await Promise.race([server.close().then(() => 'closed' as const), outOfTime]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    server.server.server.closeAllConnections();
    logger.error({ event: 'shutdown', signal }, 'stopped: requests still in flight were cut off');
  } else {
    logger.info({ event: 'shutdown', signal }, 'stopped');
  }
  await flush(logger);
  exit(outcome === 'timeout' ? 1 : 0);
}

/** Shut down gracefully on the first SIGTERM or SIGINT. */
export function shutDownOnSignals(options: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void gracefulShutdown(options, signal);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
