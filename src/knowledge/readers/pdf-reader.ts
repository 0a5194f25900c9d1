/**
 * PDF policies: the text of each page, in reading order, one line per line
 * of the page. Running headers, footers and page numbers are dropped, and
 * lines set in a larger type than the body text are marked as headings
 * (`# `, `## `, `### ` by size). The parser then re-joins hard-wrapped lines
 * as it does for any PDF text.
 */
import { extractTextItems, getDocumentProxy } from 'unpdf';
import { AssistantError } from '../../errors.js';

/** One line of a page with the type size most of its characters are set in. */
interface PdfLine {
  text: string;
  size: number;
}

/** A text item of a page, as unpdf gives it. */
interface PdfItem {
  str: string;
  fontSize: number;
  hasEOL: boolean;
}

/** Heading type is at least this much larger than body type. */
const HEADING_SCALE = 1.15;
const PAGE_NUMBER = /^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?\s*$/i;

/**
 * The text of a PDF, pages joined by line breaks.
 * @throws AssistantError `POLICY_CORRUPT` when the file is damaged, encrypted, or not a PDF.
 */
export async function readPdf(bytes: Buffer, name: string): Promise<string> {
  let pages: PdfItem[][];
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    try {
      pages = (await extractTextItems(pdf)).items;
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const password = error instanceof Error && (error.name === 'PasswordException' || /password/i.test(reason));
    throw new AssistantError(
      'POLICY_CORRUPT',
      password ? `${name} is encrypted (password-protected) and cannot be read` : `${name} cannot be read as a PDF: ${reason}`,
      { cause: error },
    );
  }
  return pdfText(pages.map(pageLines));
}

/** The lines of a page: text items up to each end-of-line mark. */
function pageLines(items: PdfItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let text = '';
  const sizes = new Map<number, number>();
  const end = (): void => {
    if (text.trim() !== '') lines.push({ text: text.replace(/\s+$/, ''), size: dominant(sizes) });
    text = '';
    sizes.clear();
  };
  for (const item of items) {
    text += item.str;
    const size = Math.round(item.fontSize * 2) / 2;
    sizes.set(size, (sizes.get(size) ?? 0) + item.str.trim().length);
    if (item.hasEOL) end();
  }
  end();
  return lines;
}

/** The key with the largest count. */
function dominant(counts: Map<number, number>): number {
  let best = 0;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount) [best, bestCount] = [key, count];
  }
  return best;
}

/** Lines repeated at the top or bottom of most pages (running headers and footers), digits ignored. */
function runningLines(pages: PdfLine[][]): Set<string> {
  const repeated = new Set<string>();
  if (pages.length < 3) return repeated;
  const counts = new Map<string, number>();
  for (const page of pages) {
    const edges = new Set([...page.slice(0, 2), ...page.slice(-2)].map((l) => shape(l.text)));
    for (const edge of edges) counts.set(edge, (counts.get(edge) ?? 0) + 1);
  }
  for (const [edge, count] of counts) if (count >= Math.max(3, pages.length * 0.6)) repeated.add(edge);
  return repeated;
}

const shape = (text: string): string => text.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ');

/** Join the pages' lines, dropping running headers, footers and page numbers, and marking larger-type headings. */
export function pdfText(pages: PdfLine[][]): string {
  const running = runningLines(pages);
  const kept = pages.map((page) =>
    page.filter((line, i) => {
      const edge = i < 2 || i >= page.length - 2;
      return !(edge && (PAGE_NUMBER.test(line.text) || running.has(shape(line.text))));
    }),
  );
  const lines = kept.flat();

  const chars = new Map<number, number>();
  for (const line of lines) chars.set(line.size, (chars.get(line.size) ?? 0) + line.text.length);
  const body = dominant(chars);
  const isHeading = (line: PdfLine): boolean =>
    line.size >= body * HEADING_SCALE && line.text.trim().split(/\s+/).length <= 14 && /\p{L}/u.test(line.text);
  const headingSizes = [...new Set(lines.filter(isHeading).map((l) => l.size))].sort((a, b) => b - a);
  const marked = lines.filter(isHeading).length >= 2;

  return lines
    .map((line) => {
      if (!marked || !isHeading(line)) return line.text;
      const level = Math.min(3, headingSizes.indexOf(line.size) + 1);
      return `${'#'.repeat(level)} ${line.text.trim()}`;
    })
    .join('\n');
}
