/**
 * Start-up: from spawning the real server process (`bot/main.ts`) to `/readyz`
 * answering 200, with the index artifact present (fresh) and absent (the server
 * parses and indexes every policy, then writes the artifact), lexical and with
 * the semantic stage (which loads the bundled model; with no artifact it would
 * embed every section and unit, minutes of work that belongs in the build — see
 * the scale table's extrapolation — so that case is not timed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openKnowledgeBase } from '../src/answers/knowledge-base.js';
import { systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { copyArtifact } from '../src/search/artifact.js';
import { freePort, startBotProcess, waitUntilOk } from './lib/server-process.js';
import { summarise } from './lib/stats.js';
import type { LatencySummary } from './lib/stats.js';
import { ms } from './lib/table.js';
import type { Table } from './lib/table.js';

/** How to run the start-up benchmark. */
export interface StartupOptions {
  /** Starts per case. */
  repeats: number;
  semantic: boolean;
  onProgress?: (message: string) => void;
}

/** One start-up case. */
export interface StartupCase {
  name: string;
  artifact: boolean;
  semantic: boolean;
  /** Spawn to `/readyz` 200, ms. */
  ready: LatencySummary;
  /** Spawn to `/healthz` 200 (listening), ms. */
  listening: LatencySummary;
}

/** Results of the start-up benchmark. */
export interface StartupResult {
  cases: StartupCase[];
}

/** Run the start-up benchmark. */
export async function benchStartup(config: Config, options: StartupOptions): Promise<StartupResult> {
  const progress = options.onProgress ?? (() => undefined);
  const work = await mkdtemp(path.join(tmpdir(), 'send-bench-startup-'));
  try {
    // A fresh artifact (with embeddings when the semantic stage is measured) to copy in before each start.
    progress('startup: making sure the index artifact is fresh');
    await openKnowledgeBase({ dir: config.knowledge.dir, indexPath: config.knowledge.indexPath, semantic: options.semantic, clock: systemClock });
    const plans = [
      { name: 'artifact present, lexical', artifact: true, semantic: false },
      { name: 'artifact absent, lexical (parse + index + write)', artifact: false, semantic: false },
      ...(options.semantic ? [{ name: 'artifact present, semantic stage (loads the model)', artifact: true, semantic: true }] : []),
    ];
    const cases: StartupCase[] = [];
    for (const plan of plans) {
      const ready: number[] = [];
      const listening: number[] = [];
      for (let r = 0; r < options.repeats; r++) {
        progress(`startup: ${plan.name} (${r + 1} of ${options.repeats})`);
        const indexPath = path.join(work, `index-${cases.length}-${r}.json`);
        if (plan.artifact) await copyArtifact(config.knowledge.indexPath, indexPath);
        const port = await freePort();
        const since = performance.now();
        const server = startBotProcess({ port, indexPath, knowledgeDir: config.knowledge.dir, semantic: plan.semantic, logLevel: 'warn' });
        try {
          listening.push(await waitUntilOk(`${server.url}/healthz`, server, since, { timeoutMs: 120_000, intervalMs: 5 }));
          ready.push(await waitUntilOk(`${server.url}/readyz`, server, since, { timeoutMs: 600_000, intervalMs: 5 }));
        } finally {
          await server.stop();
        }
      }
      cases.push({ ...plan, ready: summarise(ready), listening: summarise(listening) });
    }
    return { cases };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The start-up table. */
export function startupTable(result: StartupResult): Table {
  return {
    title: 'Start-up: spawning bot/main.ts to /readyz 200 (ms)',
    columns: ['case', 'starts', 'listening (median)', 'ready (median)', 'ready (min)', 'ready (max)'],
    rows: result.cases.map((c) => [c.name, c.ready.n, ms(c.listening.p50), ms(c.ready.p50), ms(c.ready.min), ms(c.ready.max)]),
    notes: [
      'Includes starting Node and compiling TypeScript with tsx (as `npm start` runs it). The server listens at once (/healthz) and turns ready when the knowledge has loaded.',
      'With the artifact absent the server rebuilds it and writes it; a deployment ships the artifact built once with `npm run knowledge -- build`.',
    ],
  };
}
