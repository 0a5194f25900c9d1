import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/knowledge/index.js';
import type { PolicyDocument, Section } from '../../../src/knowledge/types.js';

const policies = path.resolve(import.meta.dirname, '../../../knowledge/policies');

function parse(trust: string, file: string): PolicyDocument {
  return parsePolicyText(readFileSync(path.join(policies, file), 'utf8'), { trust, file: `policies/${file}` });
}

/** The sections under a heading path, in order (the first owns the heading; the rest continue it). */
function under(doc: PolicyDocument, ...headingPath: string[]): Section[] {
  return doc.sections.filter((s) => s.headingPath.join(' > ') === headingPath.join(' > '));
}

function textUnder(doc: PolicyDocument, ...headingPath: string[]): string {
  const sections = under(doc, ...headingPath);
  expect(sections.length, `no section at ${headingPath.join(' > ')}`).toBeGreaterThan(0);
  return sections.map((s) => s.text).join('\n\n');
}

const headings = (doc: PolicyDocument): string[] => doc.sections.filter((s) => s.ownsHeading).map((s) => s.headingPath.join(' > '));

describe('Markdown policy with numbered headings and tab tables (southport)', () => {
  const doc = parse('southport', 'southport.md');

  it('puts §8’s list of factors that are not SEND under its own heading', () => {
    const text = textUnder(doc, '8. Factors that Impact Progress but are Not SEND');
    expect(text).toMatch(/^The needs of pupils should always be identified/);
    for (const factor of ['- Attendance and Punctuality', '- EAL (English as an Additional Language)', '- Being a Looked After Child', '- Experienced trauma']) {
      expect(text.split('\n')).toContain(factor);
    }
    expect(textUnder(doc, '9. Relationship to the Equality Act 2010 (Disability)')).not.toContain('Attendance and Punctuality');
  });

  it('strips ** and # from headings and places numbered headings of any # level as siblings', () => {
    const top = doc.sections.filter((s) => s.ownsHeading && s.headingPath.length === 1).map((s) => s.headingPath[0]);
    expect(top).toEqual([
      'SEND POLICY',
      'Contents',
      ...[
        '1. Southport Learning Trust Vision for SEND',
        '2. Aims and objectives',
        '3. Roles and Responsibilities',
        '4. Southport Learning Trust Objectives for Pupils with SEND',
        '5. Legislation and guidance',
        '6. SEND Report Information and Statutory Definitions',
        '7. Definition of Special Educational Needs (SEN)',
        '8. Factors that Impact Progress but are Not SEND',
        '9. Relationship to the Equality Act 2010 (Disability)',
        '10. Supporting Pupils with Medical Conditions',
        '11. Identification of SEN and the SEND Support Register',
        '12. Partnership with Parents/Carers and Advocates',
        '13. The Role of the Pupil',
        '14. Assessment and Progress Monitoring',
        '15. Transition Planning for Pupils with SEND',
        '16. Staff Development and Professional Growth',
      ],
    ]);
    expect(headings(doc)).toContain('3. Roles and Responsibilities > The Special Educational Needs Coordinator (SENDCo)');
    expect(doc.sections.some((s) => /\*\*|^#/m.test(s.text) || s.headingPath.some((h) => h.includes('*')))).toBe(false);
  });

  it('keeps the contents table in its own section, not as headings', () => {
    const contents = textUnder(doc, 'Contents');
    expect(contents.split('\n')).toContain('8\tFactors that Impact Progress but are Not SEND\t8');
    expect(headings(doc).filter((h) => h.includes('Factors that Impact Progress'))).toHaveLength(1);
  });

  it('keeps table rows as lines of tab-separated cells and link text without targets', () => {
    const text = textUnder(doc, '15. Transition Planning for Pupils with SEND', 'Statutory Duties and Key Transitions');
    expect(text).toContain('\nTransition Stage\tSEND Code of Practice Requirement\nEarly Years to School\tEarly years providers must');
    expect(textUnder(doc, '5. Legislation and guidance')).toContain('\n- Equality Policy\n');
  });
});

describe('PDF text with hard-wrapped lines and unnumbered headings (drb-ignite)', () => {
  const doc = parse('drb-ignite', 'drb-ignite.txt');

  it('re-joins a sentence wrapped over lines (with blank lines between) onto one line', () => {
    const sentence = 'The class teacher will work with the SENDCO to carry out a clear analysis of the pupil’s needs.';
    const holding = doc.sections.filter((s) => s.text.split('\n').some((line) => line.includes(sentence)));
    expect(holding).toHaveLength(1);
    expect(textUnder(doc, 'Headteacher and SENDCO')).toContain('SEND, including those who have EHC plans.');
  });

  it('re-joins a word hyphenated at a line end', () => {
    expect(textUnder(doc, 'Introduction')).toContain('SEND co-ordinators (SENDCOs) and SEN Information report');
  });

  it('recognises the unnumbered headings, with the numbered areas of need under their heading', () => {
    const all = headings(doc);
    for (const heading of [
      'Introduction',
      'Principles',
      'Definition of special educational needs',
      'Definition of special educational needs > 1. Area One - Communication and Interaction Difficulties',
      'Definition of special educational needs > 4. Area Four - Sensory and/or Physical Difficulties',
      'Vision for quality SEND teaching and learning',
      'The Graduated Approach',
      'Participation and Involvement > Pupils',
      'Statutory Assessment',
      'Complaints',
    ]) {
      expect(all).toContain(heading);
    }
    // Wrapped continuations ("Board", "attendance data") are not headings.
    expect(all.some((h) => ['Board', 'attendance data', '2015'].includes(h.split(' > ').at(-1) ?? ''))).toBe(false);
  });

  it('keeps bullets as lines starting with • after their lead-in', () => {
    const text = textUnder(doc, 'Definition of special educational needs');
    expect(text).toContain('For example:\n• Having a disability\n• Attendance and punctuality\n');
  });

  it('keeps the approval table as lines under its heading', () => {
    const text = textUnder(doc, 'Monitoring and evaluation of the Policy');
    expect(text.split('\n')).toEqual(expect.arrayContaining(['Date approved October 2022', 'Next review October 2024']));
  });
});

describe('Word export with bookmarks, · bullets and revision markers (aspire)', () => {
  const doc = parse('aspire', 'aspire.txt');

  it('leaves no [bookmark: …] tag anywhere', () => {
    expect(doc.sections.some((s) => s.text.includes('[bookmark') || s.headingPath.some((h) => h.includes('[bookmark')))).toBe(false);
  });

  it('recognises the body headings, which differ from the numbered contents list', () => {
    const top = doc.sections.filter((s) => s.ownsHeading && s.headingPath.length === 1).map((s) => s.headingPath[0]);
    expect(top).toEqual([
      'Contents:',
      'Statement of intent',
      'Legal framework',
      'Objectives',
      'Roles and responsibilities',
      'Identifying SEND',
      'Safeguarding',
      'SEND Support',
      'Early years pupils with SEND',
      'Admissions',
      'Examination access arrangements',
      'Transition',
      'Involving pupils and parents in decision-making',
      'Funding',
      'EHC needs assessment and plans',
      'Reviewing the EHC plan',
      'Supporting successful preparation for adulthood',
      'Managing complaints',
      'Staff training and improving practice',
      'Use of data and record keeping (including Confidentiality)',
      'Publishing information',
      'Joint commissioning, planning and delivery',
      'Local Offer',
      'Monitoring and review',
    ]);
    expect(textUnder(doc, 'Contents:').split('\n')).toContain('14. [Updated]  Reviewing EHC plans');
    expect(headings(doc)).toEqual(expect.arrayContaining(['SEND Support > EAL', 'Use of data and record keeping (including Confidentiality) > Confidentiality']));
  });

  it('drops revision markers from headings but keeps them in the body text', () => {
    expect(headings(doc).some((h) => h.includes('[Updated]') || h.includes('New -'))).toBe(false);
    expect(textUnder(doc, 'Identifying SEND')).toContain('New - The school will use a range of indicators');
    expect(textUnder(doc, 'Legal framework')).toContain('[Updated] This policy has due regard to statutory and non-statutory guidance');
  });

  it('drops empty numbered lines and keeps · bullets after their lead-in', () => {
    const text = textUnder(doc, 'Admissions');
    expect(text).not.toMatch(/^\d+(\.\d+)*\.\s*$/m);
    expect(textUnder(doc, 'Reviewing the EHC plan')).toContain('The school will:\n· Cooperate with the LA');
  });
});

describe('numbered clauses (leading-learners)', () => {
  const doc = parse('leading-learners', 'leading-learners.txt');

  it('makes N.0 lines headings and short titled clauses sub-headings', () => {
    expect(headings(doc)).toEqual([
      '1.0 Policy statement',
      '1.0 Policy statement > 1.4 Documents:',
      '2.0 Scope and purpose of this policy',
      '2.0 Scope and purpose of this policy > 2.6 Legal Framework',
      '3.0 Trust commitment',
      '4.0 Definitions',
      '4.0 Definitions > 4.3 Disability',
      '5.0 Roles and responsibilities',
      '6.0 Procedures',
      '7.0 The graduated approach',
      '8.0 SEND information report',
      '9.0 Local offer',
      '10. Accessibility plan',
    ]);
  });

  it('keeps clauses, with or without a space after the number, as text of their heading', () => {
    const scope = textUnder(doc, '2.0 Scope and purpose of this policy');
    expect(scope).toMatch(/^2\.1Our Trust SEND policy covers all pupils\./);
    expect(scope).toContain('\n\n2.2 This policy applies to all education staff');
    expect(textUnder(doc, '2.0 Scope and purpose of this policy', '2.6 Legal Framework')).toMatch(/^This policy has due regard to legislation/);
  });
});

describe('mixed Markdown with bold, tables and an appendix of roles (mosaic)', () => {
  const doc = parse('mosaic', 'mosaic.md');

  const appendixHeadings = () => headings(doc).filter((h) => h.startsWith('Appendix 1:'));

  it('nests the appendix’s roles and their numbered duties', () => {
    const appendix = appendixHeadings();
    expect(appendix).toEqual(
      expect.arrayContaining([
        'Appendix 1: > Key Responsibilities of a SENCO: > 1. Identify Needs:',
        'Appendix 1: > Key Responsibilities of a SENCO: > 4 Liaising with Others:',
        'Appendix 1: > Role of the Head teacher in SEND > 1. Overall Responsibility:',
        "Appendix 1: > Teacher's Role in Supporting Children with SEND > 4. Collaboration:",
      ]),
    );
    expect(textUnder(doc, 'Appendix 1:', 'Key Responsibilities of a SENCO:', '1. Identify Needs:')).toContain('- Coordinate identification and assessment of pupils with SEND.');
  });

  it('keeps a role whose numbered duties are each a line or two as one section, the numbers as lines of its text', () => {
    expect(appendixHeadings().some((h) => h.startsWith('Appendix 1: > Strategic Lead for SEND and Inclusion: >'))).toBe(false);
    const lead = textUnder(doc, 'Appendix 1:', 'Strategic Lead for SEND and Inclusion:').split('\n');
    expect(lead).toEqual(expect.arrayContaining(['1. Strategic Planning & Oversight:', '- Develop and implement a MAT-wide SEND strategy.', '6. Capacity Building:', '- Support recruitment and retention of high-quality SEND staff.']));
    expect(textUnder(doc, 'Appendix 1:', "Governors' Responsibility for SEND").split('\n')).toEqual(expect.arrayContaining(['1. Strategic Oversight:', '5. Championing Inclusion:']));
  });

  it('removes bold markers and page footers but keeps the words', () => {
    expect(textUnder(doc, 'Appendix 1:', 'Key Responsibilities of a SENCO:')).toBe('SENCOs in individual schools should:');
    expect(textUnder(doc, 'Appendix 1:', 'Strategic Lead for SEND and Inclusion:')).toMatch(
      /^The key role of a Strategic Lead for SEND \(Special Educational Needs and Disabilities\) in a Multi-Academy Trust \(MAT\)/,
    );
    expect(doc.sections.some((s) => s.text.includes('**') || /Page 17 of 18/.test(s.text))).toBe(false);
  });

  it('finds the numbered sections and the unnumbered "Definitions:" the contents list names', () => {
    const top = doc.sections.filter((s) => s.ownsHeading && s.headingPath.length === 1).map((s) => s.headingPath[0]);
    expect(top.slice(0, 6)).toEqual(['CONTENTS', '1. Aims:', '2. Legislation and Guidance:', 'Definitions:', '4. Roles and Responsibilities: (for more details on specific roles please see appendix 1)', '5. Identification and assessment']);
    expect(headings(doc)).toContain('1. Aims: > Trust Core Offer');
  });

  it('keeps lines written without bullets as lines after their lead-in', () => {
    const text = textUnder(doc, '4. Roles and Responsibilities: (for more details on specific roles please see appendix 1)', 'Pupils:');
    expect(text).toContain('This might involve the pupil:\nExplaining what their strengths and difficulties are\nContributing to setting targets or outcomes\n');
  });
});

describe('every policy', () => {
  const docs = [
    parse('southport', 'southport.md'),
    parse('drb-ignite', 'drb-ignite.txt'),
    parse('aspire', 'aspire.txt'),
    parse('leading-learners', 'leading-learners.txt'),
    parse('mosaic', 'mosaic.md'),
  ];

  it('has clean text: no blank-line runs, no trailing spaces, continuation parts share the heading path', () => {
    for (const doc of docs) {
      for (const [i, section] of doc.sections.entries()) {
        expect(section.text, section.id).not.toMatch(/\n{3,}|[ \t]+$/m);
        // Only nested list items are indented (two spaces a level); table rows may start with an empty cell.
        expect(section.text, section.id).not.toMatch(/^ +(?=[^ *+-])/m);
        if (!section.ownsHeading && i > 0) expect(section.headingPath).toEqual(doc.sections[i - 1]?.headingPath);
      }
    }
  });
});
