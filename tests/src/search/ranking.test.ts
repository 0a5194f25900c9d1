import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeCoverage } from '../../../src/search/coverage.js';
import { loadGlossary } from '../../../src/search/glossary.js';
import { analyseQuery } from '../../../src/search/query.js';
import { headingTopicShare, otherTopics, quoteScores, rankSections, statesTime } from '../../../src/search/ranker.js';
import { analyse } from '../../../src/search/tokenizer.js';
import { lexicalCandidates, TrustIndex } from '../../../src/search/trust-index.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';
import { section } from '../../fixtures/sections.js';

const glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'));

const sections = [
  section(0, 'Contents', '1. Roles\n2. Annual reviews\n3. Funding\n4. Complaints'),
  section(1, 'Roles and responsibilities', 'The SENDCo will:\n- Co-ordinate provision for pupils with SEND.\n- Liaise with parents and external agencies.'),
  section(2, 'Reviewing the EHC plan', 'The school will convene the annual review of each Education, Health and Care Plan and give two weeks notice of the meeting.'),
  section(3, 'Funding', 'Where pupils are still not making progress the school will consider applying for high needs top-up funding from the local authority.'),
  section(4, 'Teachers', 'Every teacher is a teacher of SEND. Teachers adapt lessons and track progress.'),
  section(5, 'Complaints', 'Parents who are unhappy should first speak to the class teacher, then the SENDCo.'),
  section(6, 'Statutory assessment', 'The local authority leads the EHC plan process. The local authority consults the school on the EHC plan. The final plan must be issued within 20 weeks.'),
];
const index = TrustIndex.build('t', sections, glossary);

function top(question: string): string | undefined {
  const ranked = rankSections(index, analyseQuery(question, 't', glossary));
  return ranked[0] ? index.sections[ranked[0].index]?.section.headingPath.at(-1) : undefined;
}

function covered(question: string): boolean {
  const query = analyseQuery(question, 't', glossary);
  return judgeCoverage(index, query, glossary, rankSections(index, query)[0], undefined).covered;
}

describe('rankSections', () => {
  it('finds a section through any spelling of an acronym', () => {
    expect(top('who is the SENCO?')).toBe('Roles and responsibilities');
    expect(top('how much notice for an EHCP annual review')).toBe('Reviewing the EHC plan');
  });

  it('ranks the section whose one sentence holds the question above scattered mentions', () => {
    expect(top('is every teacher a teacher of SEND?')).toBe('Teachers');
  });

  it('reaches a section through staff words the glossary knows', () => {
    expect(top('can we get extra funding from the council?')).toBe('Funding');
  });

  it('never ranks the table of contents', () => {
    const ranked = rankSections(index, analyseQuery('annual reviews funding complaints roles', 't', glossary));
    expect(ranked.map((r) => index.sections[r.index]?.section.headingPath.at(-1))).not.toContain('Contents');
  });

  it('gives the same ranking after the index is saved and loaded', () => {
    const loaded = TrustIndex.load('t', sections, JSON.parse(JSON.stringify(index.store())) as ReturnType<TrustIndex['store']>, glossary);
    const query = analyseQuery('annual review notice', 't', glossary);
    expect(rankSections(loaded, query).map((r) => r.index)).toEqual(rankSections(index, query).map((r) => r.index));
  });
});

describe('lexical candidates', () => {
  it('hands on the best 24 sections, half of a bigger trust\'s, and never more than 100', () => {
    expect([10, 48, 60, 150, 1000].map(lexicalCandidates)).toEqual([24, 24, 30, 75, 100]);
    const many = TrustIndex.build(
      't',
      Array.from({ length: 90 }, (_, n) => section(n, `Provision ${n}`, `Provision for pupils with SEND is reviewed ${'termly '.repeat(1 + (n % 7))}by the school.`)),
      glossary,
    );
    const query = analyseQuery('how often is provision reviewed?', 't', glossary);
    expect(many.lexical(query).size).toBe(45);
    expect(rankSections(many, query, { limit: 100 })).toHaveLength(45);
  });
});

describe('answer types', () => {
  const timing = TrustIndex.build(
    't',
    [
      section(0, 'Statutory assessment', 'The local authority issues the final EHC plan once it has consulted the school.'),
      section(1, 'Timescales', 'The local authority issues the final EHC plan within 20 weeks.'),
    ],
    glossary,
  );
  const rank = (q: string) => rankSections(timing, analyseQuery(q, 't', glossary));

  it('credits a sentence stating a time only when the question asks when, how long or how often', () => {
    const coverageOf = (q: string, i: number) => rank(q).find((r) => r.index === i)?.unitCoverage ?? 0;
    // The same content words, asked with and without "when".
    expect(coverageOf('when does the local authority issue the final EHC plan?', 1)).toBeGreaterThan(coverageOf('does the local authority issue the final EHC plan?', 1));
    expect(coverageOf('when does the local authority issue the final EHC plan?', 0)).toBe(coverageOf('does the local authority issue the final EHC plan?', 0));
    expect(rank('how long does the local authority take to issue the final EHC plan?')[0]?.index).toBe(1);
    expect(rank('does the local authority consult the school before it issues the final EHC plan?')[0]?.index).toBe(0);
  });

  it('knows a duration, frequency or date from a number that is none', () => {
    const states = (text: string) => statesTime({ tokens: analyse(text) });
    expect(states('The final plan must be issued within 20 weeks.')).toBe(true);
    expect(states('Parents are given termly feedback.')).toBe(true);
    expect(states('Reports are published by the end of September.')).toBe(true);
    expect(states('Reviews happen three times a year.')).toBe(true);
    expect(states('See section 20 of the Children and Families Act 2014.')).toBe(false);
    expect(states('Teachers may ask the SENDCo for advice.')).toBe(false);
  });

  it('prefers the section headed by the topic asked about over one that mentions it in passing', () => {
    const topics = TrustIndex.build(
      't',
      [
        section(0, 'Roles and responsibilities', 'Headteachers work with the local authority on the local offer and on admissions.'),
        section(1, 'Local offer', 'Each local authority publishes a local offer. Schools cooperate with the local authority in its development.'),
      ],
      glossary,
    );
    const query = analyseQuery('do schools work with the local authority on the local offer?', 't', glossary);
    expect(headingTopicShare(topics, query, 1)).toBe(1);
    expect(headingTopicShare(topics, query, 0)).toBe(0);
    expect(rankSections(topics, query)[0]?.index).toBe(1);
    const mention = analyseQuery('do headteachers work with the local authority on admissions?', 't', glossary);
    expect(rankSections(topics, mention)[0]?.index).toBe(0);
  });

  it('prefers the section headed by the role whose duties are asked about over one that names the role in passing', () => {
    const roles = TrustIndex.build(
      't',
      [
        section(0, 'Key transitions', 'At each key stage change the SENDCo tells new teachers and teaching assistants what their pupils with SEND need.'),
        section(1, 'Teaching assistants', 'Teaching assistants support pupils with SEND as directed by the SENDCo, and help new pupils settle.'),
      ],
      glossary,
    );
    const duties = analyseQuery('new TA here - what is expected of me with the SEND pupils?', 't', glossary);
    expect(headingTopicShare(roles, duties, 1)).toBe(1);
    expect(headingTopicShare(roles, duties, 0)).toBe(0);
    expect(rankSections(roles, duties)[0]?.index).toBe(1);
    // Not asking what the role does, the role is no topic.
    expect(headingTopicShare(roles, analyseQuery('do TAs share information at key stage changes?', 't', glossary), 1)).toBe(0);
  });

  it('counts a heading that also names a role not asked about as only partly about the role asked about', () => {
    const roles = TrustIndex.build(
      't',
      [
        section(0, 'Teachers and Teaching Assistants', 'Each class teacher is responsible for adapting lessons for pupils with SEND.'),
        section(1, 'Teaching Assistants', 'Each teaching assistant is responsible for supporting pupils with SEND.'),
      ],
      glossary,
    );
    const duties = analyseQuery('what are TAs responsible for?', 't', glossary);
    expect(headingTopicShare(roles, duties, 1)).toBe(1);
    expect(headingTopicShare(roles, duties, 0)).toBe(0.5);
    expect(rankSections(roles, duties)[0]?.index).toBe(1);
  });

  it('prefers a sentence on the question\'s own topic to one with the same words about another topic', () => {
    const topics = TrustIndex.build(
      't',
      [
        section(
          0,
          'Parents',
          'When SEN provision is no longer needed for a pupil, the SENDCo will tell parents and remove the pupil from the SEND register. ' +
            'Schools must tell parents as soon as they see that SEN provision is needed for a pupil.',
        ),
        section(1, 'Complaints', 'The school has a complaints procedure.'),
      ],
      glossary,
    );
    const [leaving, starting] = topics.unitTerms(0);
    const best = (q: string) => rankSections(topics, analyseQuery(q, 't', glossary)).find((r) => r.index === 0)?.bestUnit;
    const query = analyseQuery('a pupil needs SEN provision - do we tell the parents?', 't', glossary);
    // Leaving the register, and the register itself: topics the question does not ask about.
    expect(leaving?.topics).toEqual(expect.arrayContaining(['exit-register', 'send-register']));
    expect(otherTopics(query, leaving ?? { topics: [] })).toBe(2);
    expect(otherTopics(query, starting ?? { topics: [] })).toBe(0);
    expect(best('a pupil needs SEN provision - do we tell the parents?')).toBe(1);
    // Asked about, the register is no longer another topic.
    expect(best('a pupil no longer needs SEN provision - do we tell the parents before taking them off the SEND register?')).toBe(0);
  });
});

describe('headings', () => {
  it('reads a subsection as about what the headings above it name', () => {
    const definitions = TrustIndex.build(
      't',
      [
        section(0, ['Definitions'], 'The following definitions are used. A pupil has SEN if they have a learning difficulty or disability which calls for special educational provision.'),
        section(1, ['Definitions', 'Disability'], 'Pupils are considered to have a disability if they have a physical or mental impairment with a long-term adverse effect.'),
      ],
      glossary,
    );
    expect(definitions.glossaryConceptsOfHeadings(1)).toEqual(expect.arrayContaining(['definition', 'disability']));
    expect(rankSections(definitions, analyseQuery('how do we define disability?', 't', glossary))[0]?.index).toBe(1);
  });
});

describe('cross-references', () => {
  it('ranks a sentence that says a thing above one that only points to where it is said', () => {
    const pointers = TrustIndex.build(
      't',
      [
        section(0, 'Aims', 'Every pupil is supported with our best endeavours. (see the SEND Offer for the definition of best endeavours)'),
        section(1, 'Legislation', 'All schools must use their best endeavours. There is no set definition for best endeavours.'),
      ],
      glossary,
    );
    const query = analyseQuery('what is the definition of best endeavours?', 't', glossary);
    const [top] = rankSections(pointers, query);
    expect(top).toMatchObject({ index: 1, bestUnit: 1 });
    // Counted as a short sentence, not none: a question asking where to look can still be answered by it.
    expect(pointers.unitTerms(0).map((u) => u.contentWords)).toEqual([3, 2]);
  });
});

describe('quoteScores', () => {
  it('picks the sentence with the question\'s distinctive words, not the section\'s subject', () => {
    const query = analyseQuery('how long does the LA have to issue the final EHCP?', 't', glossary);
    const scores = quoteScores(index, query, 6);
    expect(scores).toHaveLength(3);
    expect(scores.indexOf(Math.max(...scores))).toBe(2);
  });
});

describe('judgeCoverage', () => {
  it('answers a SEND question the policy covers', () => {
    expect(covered('how much notice do people get before an annual review?')).toBe(true);
  });

  it('abstains on a workplace question that has nothing to do with SEND', () => {
    expect(covered('is there a staff car park permit?')).toBe(false);
    expect(covered('how do I book the school hall for a quiz night?')).toBe(false);
  });

  it('abstains on a workplace question whose only SEND-looking word is a role every school has', () => {
    expect(covered('is there parking on site for supply teachers or do they use the street?')).toBe(false);
    expect(covered('what do teachers do to adapt lessons for pupils?')).toBe(true);
  });

  it('abstains on "how many weeks…?" when the best passage states no time at all', () => {
    // The statutory assessment section says 20 weeks; the funding section states no time.
    expect(covered('once the council agrees to an EHC plan, how many weeks have they got to issue it?')).toBe(true);
    expect(covered('how many weeks does the local authority take to decide on high needs top-up funding?')).toBe(false);
    expect(covered('does the local authority decide on high needs top-up funding?')).toBe(true);
  });

  it('abstains on a SEND topic the policy never mentions, however well the rest matches', () => {
    const query = analyseQuery('can a pupil with an EHCP be put on a part-time timetable before the annual review?', 't', glossary);
    const verdict = judgeCoverage(index, query, glossary, rankSections(index, query)[0]);
    expect(verdict).toMatchObject({ covered: false, reason: 'absent-topic', absentTopics: ['part-time-timetable'] });
  });

  it('asks a thin match on a question tied to SEND only by general words to agree in meaning too', () => {
    const query = analyseQuery('what is the wifi password for the SEN base?', 't', glossary);
    const best = (evidence: number, semanticUnit?: number) => ({ index: 4, score: 1, lexical: 1, coverage: evidence, unitCoverage: evidence, evidence, bestUnit: 0, ...(semanticUnit === undefined ? {} : { semanticUnit }) });
    const verdict = (evidence: number, semanticUnit?: number) => judgeCoverage(index, query, glossary, best(evidence, semanticUnit));
    expect(verdict(0.25, 0.2)).toMatchObject({ anchor: 'weak', covered: false, reason: 'weak-match' });
    expect(verdict(0.25, 0.35).covered).toBe(true);
    expect(verdict(0.45, 0.2).covered).toBe(true);
    expect(verdict(0.1, 0.5).covered).toBe(true);
    // Without the semantic stage the match alone decides.
    expect(verdict(0.25).covered).toBe(true);
    expect(verdict(0.1).covered).toBe(false);
  });

  it('answers a question about a phrase it quotes from the policy, and finds the sentence that uses it', () => {
    const quoting = TrustIndex.build(
      't',
      [
        section(0, 'Aims', 'Every school will make support the golden rule of its day, and will hold regular meetings.'),
        section(1, 'Access', 'There is no set definition for a golden thread. Schools are expected to make every reasonable effort.'),
      ],
      glossary,
    );
    const verdict = (q: string) => {
      const query = analyseQuery(q, 't', glossary);
      const ranked = rankSections(quoting, query);
      return { top: ranked[0]?.index, ...judgeCoverage(quoting, query, glossary, ranked[0]) };
    };
    expect(verdict("mum keeps quoting 'golden thread' at me in meetings - what does it mean?")).toMatchObject({ top: 1, covered: true, anchor: 'none' });
    expect(verdict('mum keeps quoting "golden thread" at me in meetings - what does it mean?')).toMatchObject({ top: 1, covered: true });
    // Unquoted, the same words are only a thin match on a question with no SEND words.
    expect(verdict('mum keeps quoting golden thread at me in meetings - what does it mean?').covered).toBe(false);
    // Quoting the phrase is what lifts the sentence that uses it.
    const coverage = (q: string) => rankSections(quoting, analyseQuery(q, 't', glossary)).find((r) => r.index === 1)?.unitCoverage ?? 0;
    expect(coverage("what is 'golden thread'?")).toBeGreaterThan(coverage('what is golden thread?'));
    // A quoted phrase the policy never uses is no reason to answer.
    expect(verdict("mum keeps quoting 'best before date' at me in meetings - what does it mean?").covered).toBe(false);
  });

  it('does not let a topic named only in the scene make a SEND question uncovered', () => {
    const scene = analyseQuery('a pupil with an EHCP refuses to wear uniform - when is the annual review?', 't', glossary);
    expect(judgeCoverage(index, scene, glossary, rankSections(index, scene)[0]).covered).toBe(true);
    const asked = analyseQuery('can a pupil with an EHCP wear trainers instead of uniform?', 't', glossary);
    expect(judgeCoverage(index, asked, glossary, rankSections(index, asked)[0])).toMatchObject({ covered: false, absentTopics: ['uniform'] });
  });

  it('takes a question about what a role does as about that role', () => {
    const verdict = (q: string) => {
      const query = analyseQuery(q, 't', glossary);
      return judgeCoverage(index, query, glossary, rankSections(index, query)[0]);
    };
    // The policy never names a designated teacher.
    expect(verdict('who is the designated teacher?')).toMatchObject({ covered: false, reason: 'absent-topic', absentTopics: ['designated-teacher'] });
    expect(verdict('what is the role of the designated teacher?')).toMatchObject({ covered: false, absentTopics: ['designated-teacher'] });
    // It names the SENDCo: a question about both is answered from what it says.
    expect(verdict('who does the SENDCo work with, the designated teacher?').absentTopics).toEqual([]);
    // Named in passing, the role is not what is asked about.
    expect(verdict('the designated teacher asked me - how much notice is given for an annual review?').covered).toBe(true);
  });

  it('abstains on an empty or filler-only question', () => {
    expect(covered('what should we do?')).toBe(false);
  });
});
