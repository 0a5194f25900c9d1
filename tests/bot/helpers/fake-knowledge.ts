/**
 * A small knowledge base for handler tests, built from the real Southport and
 * Mosaic policy text: sections split at headings, and a plain word-overlap answerer
 * that quotes the sentence sharing most words with the question.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Answer, Citation, PolicyStatus } from '../../../src/answers/types.js';
import { projectRoot } from '../../../src/config.js';
import type { Section, Trust } from '../../../src/knowledge/types.js';
import type { PolicyKnowledge } from '../../../bot/policy-knowledge.js';

/** A tenant that two trusts share, so their staff must choose. */
export const SHARED_TENANT = '0b7e5a3c-1d2f-4e6a-9b8c-7d6e5f4a3b21';
export const SOUTHPORT_TENANT = '5b0f3a52-6c1e-4d8a-9f27-0c4e8b1d2a61';
export const MOSAIC_TENANT = 'f7b2c9e4-3d81-4a65-b0c3-5e9d1a7f2b48';
/** A tenant no trust uses. */
export const UNKNOWN_TENANT = '99999999-8888-4777-a666-555555555555';

const stop = new Set('a an and are as at be by can do does for from how i in is it of on or our should the their this to we what when where which who why will with you your'.split(' '));

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z]{2,}/g) ?? []).filter((w) => !stop.has(w)));
}

const heading = /^(#{1,4}\s+.+|\d+\.\s+[^\t]{3,70})$/;

function clean(line: string): string {
  return line.replace(/^#+\s*/, '').replace(/\*+/g, '').replace(/:$/, '').trim();
}

function sections(trust: string, file: string, document: string): Section[] {
  const lines = readFileSync(path.join(projectRoot, 'knowledge', file), 'utf8').split('\n');
  const out: Section[] = [];
  let current: { headingPath: string[]; body: string[] } | undefined;
  const flush = () => {
    const text = current?.body.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    if (current && text) {
      out.push({ id: `${trust}/policy/${out.length}`, trust, document, headingPath: current.headingPath, ownsHeading: true, text, order: out.length });
    }
  };
  for (const line of lines) {
    if (heading.test(line.trim())) {
      flush();
      current = { headingPath: [clean(line.trim())], body: [] };
    } else if (current) {
      current.body.push(line.trimEnd());
    }
  }
  flush();
  return out;
}

function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((p) => p.split(/(?<=[.!?])\s+(?=[A-Z])/))
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

/** Options of the fake. */
export interface FakeKnowledgeOptions {
  /** Mark every policy as past its review date. */
  pastReview?: boolean;
  /** Make `answer` throw this error (for the error path). */
  failWith?: Error;
}

/** Build the fake knowledge base. */
export function fakeKnowledge(options: FakeKnowledgeOptions = {}): PolicyKnowledge & { allSections: Section[] } {
  const trusts: Trust[] = [
    { id: 'southport', displayName: 'Southport Learning Trust', tenantIds: [SOUTHPORT_TENANT, SHARED_TENANT], sendcoRole: 'SENDCo', policies: [{ file: 'policies/southport.md' }] },
    { id: 'mosaic', displayName: 'Mosaic Schools Learning Trust', tenantIds: [MOSAIC_TENANT, SHARED_TENANT], sendcoRole: 'SENCO', policies: [{ file: 'policies/mosaic.md' }] },
  ];
  const documents: Record<string, string> = { southport: 'SEND Policy', mosaic: 'Special Educational Needs Policy' };
  const allSections = [
    ...sections('southport', 'policies/southport.md', documents.southport ?? ''),
    ...sections('mosaic', 'policies/mosaic.md', documents.mosaic ?? ''),
  ];
  const policies = (trust: string): PolicyStatus[] => [
    { document: documents[trust] ?? '', policyDate: '2025-12-01', reviewDate: '2026-12-01', pastReview: options.pastReview ?? false },
  ];
  return {
    trusts,
    allSections,
    trust: (id) => trusts.find((t) => t.id === id),
    trustsForTenant: (tenantId) => trusts.filter((t) => t.tenantIds.includes(tenantId)),
    section: (id) => allSections.find((s) => s.id === id),
    policies,
    answerer: {
      answer(trust: string, question: string): Answer {
        if (options.failWith) throw options.failWith;
        const asked = words(question);
        if (asked.size === 0) return { trust, answered: false, citations: [], reason: 'empty-question', policies: policies(trust) };
        const scored = allSections
          .filter((s) => s.trust === trust)
          .map((s) => {
            const have = words(`${s.headingPath.join(' ')} ${s.text}`);
            return { s, score: [...asked].filter((w) => have.has(w)).length };
          })
          .filter((x) => x.score >= Math.min(2, asked.size))
          .sort((a, b) => b.score - a.score)
          .slice(0, 5);
        if (scored.length === 0) return { trust, answered: false, citations: [], reason: 'not-covered', policies: policies(trust) };
        const citations: Citation[] = scored.map(({ s, score }) => {
          const best = sentences(s.text)
            .map((sentence) => ({ sentence, hits: [...asked].filter((w) => words(sentence).has(w)).length }))
            .sort((a, b) => b.hits - a.hits)[0];
          return { sectionId: s.id, trust, document: s.document, headingPath: s.headingPath, text: s.text, quote: best?.sentence ?? s.text, score };
        });
        return { trust, answered: true, citations, policies: policies(trust) };
      },
      search: () => [],
    },
  };
}

/** The policy file's text with whitespace collapsed, to check a quote is verbatim. */
export function policyText(file: string): string {
  return readFileSync(path.join(projectRoot, 'knowledge', file), 'utf8').replace(/\s+/g, ' ');
}
