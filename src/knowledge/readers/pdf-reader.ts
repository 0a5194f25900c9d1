/**
 * PDF policies: the text of each page, in reading order, one line per line
 * of the page. The parser then re-joins hard-wrapped lines and recognises
 * headings as it does for any PDF text.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { AssistantError } from '../../errors.js';

/**
 * The text of a PDF, pages joined by line breaks.
 * @throws AssistantError `POLICY_CORRUPT` when the file is damaged, encrypted, or not a PDF.
 */
export async function readPdf(bytes: Buffer, name: string): Promise<string> {
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    try {
      const { text } = await extractText(pdf, { mergePages: false });
      return text.join('\n');
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
}
