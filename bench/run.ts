/**
 * `npm run bench [-- --only retrieval,scale,http,startup] [--quick] [--lexical]`:
 * measure the product against the obvious alternatives side by side in one run
 * and print the tables, the machine they ran on and which targets are met.
 * Speed is measured here only: the tests never assert timings.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { isAssistantError } from '../src/errors.js';
import { describeMachine, loadNow, machineInfo } from './lib/machine.js';
import { loadQuestions } from './lib/questions.js';
import { renderTable } from './lib/table.js';
import type { Table } from './lib/table.js';
import { benchRetrieval, retrievalTable } from './retrieval.js';
import { benchHttp, httpTable } from './http.js';
import { benchScale, scaleTables } from './scale.js';
import { benchStartup, startupTable } from './startup.js';
import { httpTargets, retrievalTargets, scaleTargets, targetsTable } from './targets.js';
import type { TargetCheck } from './targets.js';

const PARTS = ['retrieval', 'scale', 'http', 'startup'] as const;
type Part = (typeof PARTS)[number];

function parts(only: string | undefined): Part[] {
  if (!only) return [...PARTS];
  const asked = only.split(',').map((p) => p.trim());
  const unknown = asked.filter((p) => !PARTS.some((known) => known === p));
  if (unknown.length > 0) throw new RangeError(`--only: unknown part ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  return PARTS.filter((p) => asked.includes(p));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      lexical: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const chosen = parts(values.only);
  const quick = values.quick === true;
  const semantic = values.lexical !== true;
  const config = loadConfig();
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const started = performance.now();

  process.stdout.write(`# npm run bench${quick ? ' (quick)' : ''}\n\n${describeMachine(machineInfo())}\n\n`);
  const tables: Table[] = [];
  const checks: TargetCheck[] = [];
  const print = (table: Table) => {
    tables.push(table);
    process.stdout.write(`${renderTable(table)}\n`);
  };

  const questions = await loadQuestions();
  if (chosen.includes('retrieval')) {
    log('retrieval');
    const result = await benchRetrieval(config, questions, {
      warmupRounds: quick ? 1 : 3,
      rounds: quick ? 5 : 30,
      semanticRounds: quick ? 1 : 4,
      semantic,
      onProgress: log,
    });
    print(retrievalTable(result));
    checks.push(...retrievalTargets(result));
  }

  if (chosen.includes('scale')) {
    log('scale');
    const result = await benchScale(config, {
      sizes: quick ? [5, 50] : [5, 50, 200, 1000],
      stressSizes: quick ? [50] : [50, 200],
      semanticSizes: quick ? [5] : [5, 50],
      rounds: quick ? 2 : 5,
      seed: 20_251_125,
      measureModel: semantic,
      onProgress: log,
    });
    for (const table of scaleTables(result)) print(table);
    checks.push(...scaleTargets(result));
  }

  if (chosen.includes('http')) {
    log('http');
    const result = await benchHttp(config, questions, {
      connections: [1, 10, 50],
      durationSeconds: quick ? 2 : 5,
      semanticConnections: semantic ? [10] : [],
      onProgress: log,
    });
    print(httpTable(result));
    checks.push(...httpTargets(result));
  }

  if (chosen.includes('startup')) {
    log('startup');
    const result = await benchStartup(config, { repeats: quick ? 1 : 2, semantic, onProgress: log });
    print(startupTable(result));
  }

  print(targetsTable(checks));
  process.stdout.write(`Load average at the end: ${loadNow().toFixed(2)}; the run took ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${isAssistantError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
