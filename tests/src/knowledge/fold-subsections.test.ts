import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/knowledge/index.js';

const parse = (text: string) => parsePolicyText(text, { trust: 't', file: 'policies/t.md' });
const headings = (text: string) => parse(text).sections.filter((s) => s.ownsHeading).map((s) => s.headingPath.join(' > '));

const duty = (n: number, words: string) => `### ${n}. Duty ${n}:\n\n- ${words}\n`;

describe('folding list-like subsections', () => {
  it('keeps a heading whose subsections are each a line or two as one section, with their headings as lines', () => {
    const doc = parse(`# Policy\n\n## Roles\n\nThe lead will:\n\n${duty(1, 'Set the strategy.')}\n${duty(2, 'Support the SENCOs.')}\n## Funding\n\nMoney.\n`);
    expect(doc.sections.map((s) => s.headingPath.join(' > '))).toEqual(['Policy', 'Roles', 'Funding']);
    expect(doc.sections[1]?.text).toBe('The lead will:\n\n1. Duty 1:\n- Set the strategy.\n\n2. Duty 2:\n- Support the SENCOs.');
  });

  it('leaves subsections apart when one is long, when there is only one, or when they have subsections of their own', () => {
    const long = 'Support the SENCOs in every school of the trust with their work. '.repeat(6);
    expect(headings(`# Policy\n\n## Roles\n\nIntro.\n\n${duty(1, 'Set the strategy.')}\n${duty(2, long)}`)).toContain('Roles > 2. Duty 2:');
    expect(headings(`# Policy\n\n## Roles\n\nIntro.\n\n${duty(1, 'Set the strategy.')}`)).toContain('Roles > 1. Duty 1:');
    expect(headings(`# Policy\n\n## Roles\n\nIntro.\n\n${duty(1, 'Set the strategy.')}\n#### Detail\n\nMore.\n\n${duty(2, 'Support.')}`)).toContain('Roles > 2. Duty 2:');
  });
});
