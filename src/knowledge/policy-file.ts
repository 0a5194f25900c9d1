/**
 * Read a policy file of any supported form — Markdown, plain text, Word
 * (`.docx`) or PDF — and parse it into sections.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AssistantError } from '../errors.js';
import { readDocx } from './readers/docx-reader.js';
import { readPdf } from './readers/pdf-reader.js';
import { parsePolicyText, sha256, type ParseOptions } from './parse-policy.js';
import { POLICY_EXTENSIONS, describeFsError, displayPath } from './registry.js';
import type { PolicyDocument } from './types.js';

/**
 * Read and parse one policy file. Word files are converted to Markdown-like
 * text (headings, lists, tables kept); PDF text is read page by page and
 * re-joined like other hard-wrapped text.
 * @throws AssistantError `KNOWLEDGE_FILE_UNREADABLE` (cannot be read), `POLICY_UNSUPPORTED`
 *   (extension), `POLICY_CORRUPT` (damaged or encrypted Word/PDF), `POLICY_EMPTY` (no text).
 */
export async function parsePolicyFile(file: string, options: Omit<ParseOptions, 'sourceHash' | 'form'>): Promise<PolicyDocument> {
  const name = displayPath(file);
  const extension = path.extname(file).toLowerCase();
  if (!(POLICY_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new AssistantError('POLICY_UNSUPPORTED', `${name}: "${extension || '(no extension)'}" files cannot be read; use ${POLICY_EXTENSIONS.join(', ')}`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new AssistantError('KNOWLEDGE_FILE_UNREADABLE', `${name}: ${describeFsError(error)}`, { cause: error });
  }
  const sourceHash = sha256(bytes);
  let text: string;
  let form: ParseOptions['form'];
  if (extension === '.docx') {
    text = await readDocx(bytes, name);
    // Word heading styles come through as `#` lines; a document without them is read line by line.
    if (/^#{1,6} /m.test(text)) form = 'markdown';
  } else if (extension === '.pdf') {
    text = await readPdf(bytes, name);
    form = 'wrapped';
  } else {
    text = decodeText(bytes, name);
  }
  if (text.trim() === '') {
    const hint = extension === '.pdf' ? ' (a scanned PDF has no text layer; export the policy as text or run text recognition first)' : '';
    throw new AssistantError('POLICY_EMPTY', `${name} holds no text${hint}`);
  }
  return parsePolicyText(text, { ...options, sourceHash, ...(form ? { form } : {}) });
}

/** Decode a text file as UTF-8 (dropping a byte-order mark); a file with NUL bytes is not text. */
function decodeText(bytes: Buffer, name: string): string {
  if (bytes.includes(0)) throw new AssistantError('POLICY_CORRUPT', `${name} is not a text file (it holds binary data)`);
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}
