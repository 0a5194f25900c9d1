import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAssistantError, type ErrorCode } from '../../../src/errors.js';
import { loadKnowledge, parsePolicyFile, policyWords, sha256 } from '../../../src/knowledge/index.js';
import { PDF_PAGES, TYPESET_PDF_PAGES, blankPdf, encryptedPdf, noise, pdfPolicy, wordPolicy } from '../../fixtures/policies/policy-fixtures.js';

let dir = '';
let docx: Buffer;
let pdf: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'policy-file-'));
  docx = await wordPolicy();
  pdf = await pdfPolicy();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer | string): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, bytes);
  return at;
}

async function failure(at: string, code: ErrorCode): Promise<string> {
  try {
    await parsePolicyFile(at, { trust: 't', file: path.basename(at) });
  } catch (error) {
    if (isAssistantError(error, code)) return error.message;
    throw error;
  }
  throw new Error(`expected ${code}`);
}

describe('Word policies', () => {
  it('keep the Title and heading styles as the title and heading tree, with lists and tables', async () => {
    const doc = await parsePolicyFile(await file('policy.docx', docx), { trust: 'example', file: 'policies/policy.docx' });
    expect(doc.title).toBe('Example Learning Trust SEND Policy');
    expect([doc.policyDate, doc.reviewDate]).toEqual(['2025-09-01', '2026-09-01']);
    expect(doc.sourceHash).toBe(sha256(docx));
    expect(doc.sections.map((s) => s.headingPath.join(' > '))).toEqual([
      'Example Learning Trust SEND Policy',
      '1. Aims',
      '2. Roles and responsibilities',
      '2. Roles and responsibilities > The SENCO',
      '3. Factors that are not SEND',
    ]);
    expect(doc.sections[0]?.id).toBe('example/policy/0');
    const aims = doc.sections[1]?.text ?? '';
    expect(aims).toBe(
      'Every pupil with SEND is entitled to a broad and balanced curriculum. Our schools will:\n- Identify needs early\n- Work in partnership with parents and carers\n  - Including through termly review meetings',
    );
    expect(doc.sections[3]?.text).toContain('\n\nStage\tWhat happens\nAssess\tThe teacher and SENCO gather information about the pupil.');
  });
});

describe('PDF policies', () => {
  it('re-join wrapped lines across pages and recognise the headings', async () => {
    const doc = await parsePolicyFile(await file('policy.pdf', pdf), { trust: 'example', file: 'policies/policy.pdf' });
    expect(doc.title).toBe('Example Learning Trust SEND Policy');
    expect([doc.policyDate, doc.reviewDate]).toEqual(['2024-10-14', '2025-10-14']);
    expect(doc.sections.map((s) => s.headingPath.join(' > '))).toEqual([
      'Example Learning Trust SEND Policy',
      'Definition of special educational needs',
      'Roles and responsibilities',
      'Monitoring and review',
    ]);
    const definition = doc.sections[1]?.text.split('\n') ?? [];
    expect(definition).toEqual([
      'A child or young person has special educational needs if they have a learning difficulty or disability which calls for special educational provision to be made for them.',
      '',
      'Pupils may have needs in one or more of these broad areas:',
      '• Communication and interaction',
      '• Cognition and learning, including specific learning difficulties such as dyslexia and dyscalculia',
      '• Social, emotional and mental health',
    ]);
    expect(doc.sections[2]?.text).toBe(
      'Every school appoints a qualified teacher as its special educational needs co-ordinator (SENCO), who leads the provision for pupils with SEND across the school.',
    );
  });

  it('keep every word of the PDF', async () => {
    const doc = await parsePolicyFile(await file('words.pdf', pdf), { trust: 'example', file: 'words.pdf' });
    const expected = policyWords(PDF_PAGES.flat().map((l) => l.replace(/^# /, '')).join('\n'));
    const actual = policyWords(doc.sections.flatMap((s) => [...(s.ownsHeading ? [s.headingPath.at(-1) ?? ''] : []), s.text]).join('\n'));
    expect(actual).toEqual(expected);
  });
});

describe('typeset PDF policies', () => {
  it('take headings from larger type, drop running headers and page numbers, and keep short body lines as text', async () => {
    const bytes = await pdfPolicy(TYPESET_PDF_PAGES, { headingSize: 14, header: 'Example Learning Trust SEND Policy 2025', pageNumbers: true });
    const doc = await parsePolicyFile(await file('typeset.pdf', bytes), { trust: 'example', file: 'typeset.pdf' });
    expect(doc.sections.map((s) => s.headingPath.join(' > '))).toEqual([
      'Example Learning Trust Special Educational Needs and Disabilities Policy',
      'Factors that are not SEND',
      'Roles and responsibilities',
      'Monitoring and review',
    ]);
    expect(doc.title).toBe('Example Learning Trust Special Educational Needs and Disabilities Policy');
    expect(doc.sections[1]?.text).toBe(
      'Progress can be affected by factors that are not special educational needs, such as:\nAttendance\nEnglish as an additional language\nBeing a looked after child',
    );
    expect(doc.sections.some((s) => /Page \d|SEND Policy 2025/.test(s.text))).toBe(false);
  });
});

describe('bad policy files', () => {
  it('a truncated Word file is POLICY_CORRUPT, naming the file', async () => {
    const message = await failure(await file('truncated.docx', docx.subarray(0, Math.floor(docx.length / 2))), 'POLICY_CORRUPT');
    expect(message).toMatch(/truncated\.docx cannot be read as a Word document/);
  });

  it('a text file named .docx is POLICY_CORRUPT', async () => {
    expect(await failure(await file('renamed.docx', '# Not really Word\n'), 'POLICY_CORRUPT')).toMatch(/renamed\.docx cannot be read as a Word document/);
  });

  it('random bytes named .pdf are POLICY_CORRUPT', async () => {
    expect(await failure(await file('random.pdf', noise(4096)), 'POLICY_CORRUPT')).toMatch(/random\.pdf cannot be read as a PDF/);
  });

  it('an encrypted PDF is POLICY_CORRUPT, saying it is encrypted', async () => {
    expect(await failure(await file('encrypted.pdf', await encryptedPdf()), 'POLICY_CORRUPT')).toMatch(/encrypted\.pdf is encrypted \(password-protected\)/);
  });

  it('an empty file, a file of only artefacts, and a PDF without text are POLICY_EMPTY', async () => {
    expect(await failure(await file('empty.md', ''), 'POLICY_EMPTY')).toMatch(/empty\.md holds no text/);
    expect(await failure(await file('artefacts.txt', '[bookmark: _Toc1]\n\n[image: ]\n1.\n'), 'POLICY_EMPTY')).toMatch(/artefacts\.txt holds no text/);
    expect(await failure(await file('scan.pdf', await blankPdf()), 'POLICY_EMPTY')).toMatch(/scan\.pdf holds no text \(a scanned PDF/);
  });

  it('an unsupported extension is POLICY_UNSUPPORTED, naming the supported ones', async () => {
    expect(await failure(await file('policy.rtf', '{\\rtf1 policy}'), 'POLICY_UNSUPPORTED')).toMatch(/policy\.rtf: "\.rtf" files cannot be read; use \.md, \.txt, \.docx, \.pdf/);
  });

  it('a missing file or a folder is KNOWLEDGE_FILE_UNREADABLE', async () => {
    expect(await failure(path.join(dir, 'missing.md'), 'KNOWLEDGE_FILE_UNREADABLE')).toMatch(/missing\.md: file not found/);
    await mkdir(path.join(dir, 'folder.md'));
    expect(await failure(path.join(dir, 'folder.md'), 'KNOWLEDGE_FILE_UNREADABLE')).toMatch(/folder\.md: is a folder/);
  });

  it('a binary file named .txt is POLICY_CORRUPT', async () => {
    expect(await failure(await file('binary.txt', noise(256)), 'POLICY_CORRUPT')).toMatch(/binary\.txt is not a text file/);
  });
});

describe('a trust that publishes Word and PDF policies', () => {
  it('is loaded from the registry like any other', async () => {
    const knowledge = path.join(dir, 'knowledge');
    await mkdir(path.join(knowledge, 'policies'), { recursive: true });
    await writeFile(path.join(knowledge, 'policies/x.docx'), docx);
    await writeFile(path.join(knowledge, 'policies/y.pdf'), pdf);
    await writeFile(
      path.join(knowledge, 'trusts.json'),
      JSON.stringify({
        trusts: [
          {
            id: 'example',
            displayName: 'Example Learning Trust',
            tenantIds: ['2a9f5d73-e0b6-4c18-a4d9-6f3b8e2c7a90'],
            sendcoRole: 'SENCO',
            policies: [{ file: 'policies/x.docx' }, { file: 'policies/y.pdf', reviewDate: '2026-01-31' }],
          },
        ],
      }),
    );
    const { documents } = await loadKnowledge(knowledge);
    expect(documents.map((d) => [d.file, d.reviewDate])).toEqual([
      ['policies/x.docx', '2026-09-01'],
      ['policies/y.pdf', '2026-01-31'],
    ]);
    expect(documents[1]?.sections[1]?.id).toBe('example/y/1');
  });
});
