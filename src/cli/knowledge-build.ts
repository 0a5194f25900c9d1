/**
 * `knowledge build`: build the search index artifact (sections, search
 * indexes, embeddings) to `config.knowledge.indexPath` (the manifest) and the
 * trust files beside it, atomically.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { rebuildIndex } from '../answers/knowledge-base.js';
import { trustFolder, type BuildProgress } from '../search/artifact.js';
import { EXIT, parseOptions, type CliIo, type Command } from './cli-io.js';

/** Usage of `knowledge build`. */
export const buildUsage = 'knowledge build [--dir KNOWLEDGE_DIR] [--out INDEX_PATH] [--lexical]';

const STAGE_NAMES: Record<BuildProgress['stage'], string> = { parse: 'parsing policies', index: 'indexing', embed: 'embedding', write: 'writing' };

/**
 * A progress reporter that draws a bar on `stream` when it is a terminal and
 * stays silent otherwise (so logs and pipes never fill with bar frames).
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ((p: BuildProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = '';
  return (p) => {
    const width = 30;
    const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const filled = Math.round(ratio * width);
    const line = `${STAGE_NAMES[p.stage].padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total}`;
    if (line === last) return;
    last = line;
    stream.write(`\r${line}${p.done >= p.total ? '\n' : ''}`);
  };
}

/** `knowledge build`. */
export const buildCommand: Command = async (args: string[], io: CliIo) => {
  const { values } = parseOptions(args, { dir: { type: 'string' }, out: { type: 'string' }, lexical: { type: 'boolean' } });
  const config = io.config();
  const dir = path.resolve(values.dir ?? config.knowledge.dir);
  const indexPath = path.resolve(values.out ?? config.knowledge.indexPath);
  const semantic = values.lexical === true ? false : config.knowledge.semantic;
  const started = Date.now();
  const onProgress = progressBar();
  const manifest = await rebuildIndex({ dir, indexPath, semantic, ...(onProgress ? { onProgress } : {}) });
  const files = Object.values(manifest.trustFiles);
  const size = (await stat(indexPath)).size + files.reduce((n, f) => n + f.bytes, 0);
  const sections = files.reduce((n, f) => n + f.sections, 0);
  const vectors = files.reduce((n, f) => n + f.vectors, 0);
  io.out(
    `built ${indexPath} and ${files.length} trust files in ${trustFolder(indexPath)}: ${sections} sections of ${manifest.trusts.length} trusts, ` +
      `${manifest.semantic ? `${vectors} embeddings` : 'no embeddings (lexical only)'}, ` +
      `${(size / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return EXIT.ok;
};
