/**
 * Parse a policy's text into a {@link PolicyDocument}: its title, dates and a
 * tree of passage-sized sections.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { AssistantError } from '../errors.js';
import { layoutBlocks, type PolicyForm } from './blocks.js';
import { foldListSubsections } from './fold-subsections.js';
import { buildOutline } from './outline.js';
import { readPolicyDates } from './policy-dates.js';
import { renderBlocks, splitText } from './section-text.js';
import type { PolicyDocument, Section, TrustId } from './types.js';

/** Where a policy comes from and how to name what is parsed from it. */
export interface ParseOptions {
  trust: TrustId;
  /** The policy's path relative to `knowledge/`, e.g. `policies/southport.md`. */
  file: string;
  /** Title to use instead of the one read from the text. */
  title?: string;
  /** Title to use when the policy states none (default "SEND Policy"). */
  fallbackTitle?: string;
  /** The layout of the text; detected when omitted. */
  form?: PolicyForm;
  /** SHA-256 of the source bytes; defaults to the hash of the text. */
  sourceHash?: string;
}

/** Title of a policy that states none, when no fallback is given. */
export const DEFAULT_TITLE = 'SEND Policy';

/** SHA-256 (hex) of a file's bytes or a text. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The file name of a policy without its folder and extension: the middle part of section ids. */
export function fileStem(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

/**
 * Parse a policy's text (Markdown, plain text, or text extracted from a Word
 * or PDF file) into sections. Section ids are `<trust>/<file stem>/<n>`, in
 * document order from 0. The first section holds the text before the first
 * heading (the title page); its heading path is the title.
 * @throws AssistantError `POLICY_EMPTY` when the text holds no words.
 */
export function parsePolicyText(text: string, options: ParseOptions): PolicyDocument {
  const { blocks } = layoutBlocks(text, options.form);
  if (blocks.length === 0) throw new AssistantError('POLICY_EMPTY', `${options.file} holds no text`);
  const outline = buildOutline(blocks);
  const title = options.title ?? outline.title ?? options.fallbackTitle ?? DEFAULT_TITLE;
  const stem = fileStem(options.file);

  const sections: Section[] = [];
  for (const part of foldListSubsections(outline.parts)) {
    const headingPath = part.headingPath.length > 0 && (part.ownsHeading || options.title === undefined) ? part.headingPath : [title];
    const pieces = splitText(renderBlocks(part.blocks));
    pieces.forEach((piece, index) => {
      sections.push({
        id: `${options.trust}/${stem}/${sections.length}`,
        trust: options.trust,
        document: title,
        headingPath,
        ownsHeading: part.ownsHeading && index === 0,
        text: piece,
        order: sections.length,
      });
    });
  }
  const dates = readPolicyDates(blocks.map((b) => b.text).join('\n'));
  return {
    trust: options.trust,
    file: options.file,
    title,
    ...(dates.policyDate ? { policyDate: dates.policyDate } : {}),
    ...(dates.reviewDate ? { reviewDate: dates.reviewDate } : {}),
    sourceHash: options.sourceHash ?? sha256(text),
    sections,
  };
}
