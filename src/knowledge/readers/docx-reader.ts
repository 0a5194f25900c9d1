/**
 * Word (`.docx`) policies: converted to HTML by mammoth, so heading styles
 * (h1–h6), lists and tables survive, then written as Markdown-like text that
 * the policy parser reads like any Markdown policy.
 */
import { Parser } from 'htmlparser2';
import mammoth from 'mammoth';
import { AssistantError } from '../../errors.js';

/** Word's Title style is the document title; mammoth's default map covers the heading styles. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];

/**
 * The text of a Word document: headings as `#` lines, paragraphs separated by
 * blank lines, list items as `- ` lines (nested items indented; Word's list
 * numbers are not in the converted text, so numbered items get a plain
 * bullet rather than a number that may differ from the document's), table
 * rows as lines of tab-separated cells. Bold and italics are dropped.
 * @throws AssistantError `POLICY_CORRUPT` when the file is not a readable Word document
 *   (damaged, encrypted, or another format named `.docx`).
 */
export async function readDocx(bytes: Buffer, name: string): Promise<string> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP })).value;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const encrypted = bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    throw new AssistantError(
      'POLICY_CORRUPT',
      `${name} cannot be read as a Word document${encrypted ? ' (it is password-protected or an old .doc file)' : ''}: ${reason}`,
      { cause: error },
    );
  }
  return htmlToText(html);
}


/** Write mammoth's HTML as Markdown-like text. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let lists = 0;
  let line = '';
  let prefix = '';
  let cells: string[] | undefined;
  let inCell = false;

  const flush = (): void => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (inCell && cells) {
      cells[cells.length - 1] = `${cells.at(-1) ?? ''}${cells.at(-1) ? ' ' : ''}${text}`.trim();
    } else if (text !== '') {
      out.push(`${prefix}${text}`);
      if (lists === 0) out.push('');
    }
    line = '';
    prefix = '';
  };

  const parser = new Parser(
    {
      onopentag(tag) {
        const heading = /^h([1-6])$/.exec(tag);
        if (heading) {
          flush();
          prefix = `${'#'.repeat(Number(heading[1]))} `;
        } else if (tag === 'p') {
          flush();
        } else if (tag === 'ul' || tag === 'ol') {
          flush();
          lists++;
        } else if (tag === 'li') {
          flush();
          prefix = `${'  '.repeat(Math.max(0, lists - 1))}- `;
        } else if (tag === 'tr') {
          flush();
          cells = [];
        } else if (tag === 'td' || tag === 'th') {
          cells?.push('');
          inCell = true;
        } else if (tag === 'br') {
          line += ' ';
        }
      },
      ontext(text) {
        line += text;
      },
      onclosetag(tag) {
        if (/^h[1-6]$/.test(tag) || tag === 'p' || tag === 'li') {
          flush();
        } else if (tag === 'ul' || tag === 'ol') {
          flush();
          lists = Math.max(0, lists - 1);
          if (lists === 0) out.push('');
        } else if (tag === 'td' || tag === 'th') {
          flush();
          inCell = false;
        } else if (tag === 'tr') {
          if (cells && cells.some((c) => c !== '')) out.push(cells.join('\t'));
          cells = undefined;
        } else if (tag === 'table') {
          out.push('');
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
