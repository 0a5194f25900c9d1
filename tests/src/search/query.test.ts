import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlossary } from '../../../src/search/glossary.js';
import { analyseQuery, questionClauses, quotedPhrases } from '../../../src/search/query.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';

const glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'));
const analysed = (q: string) => analyseQuery(q, 'southport', glossary);

describe('analyseQuery', () => {
  it('reads texting spellings as the words they stand for', () => {
    const query = analysed('wen shud we start transition planning?');
    expect(query.tokens.map((t) => t.word)).toEqual(['when', 'should', 'we', 'start', 'transition', 'planning']);
    expect(query.asksWhen).toBe(true);
    const contraction = analysed('whats the deadline and whos in charge?').tokens;
    expect(contraction.filter((t) => !t.stop).map((t) => t.word)).toEqual(['deadline', 'charge']);
    expect(analysed('shes upset and hes sure itll be fine').tokens.filter((t) => !t.stop).map((t) => t.word)).toEqual(['upset', 'fine']);
  });

  it('knows a question asks for a time from when, how long and how often', () => {
    expect(analysed('how often are support plans reviewed?').asksWhen).toBe(true);
    expect(analysed('how long does an EHC needs assessment take?').asksWhen).toBe(true);
    expect(analysed('who writes the support plan?').asksWhen).toBe(false);
  });

  it('knows "how many times a year" and "how regularly" ask how often', () => {
    expect(analysed('how many times a year should I meet the parents of a pupil on SEN support?').asksWhen).toBe(true);
    expect(analysed('how regularly are support plans reviewed?').asksWhen).toBe(true);
    expect(analysed('how many pupils in year 6 have an EHCP?').asksWhen).toBe(false);
  });

  it('finds staff words for policy concepts', () => {
    const keys = (q: string) => analysed(q).concepts.map((c) => c.key);
    expect(keys('a parent is unhappy with the SEN provision')).toEqual(expect.arrayContaining(['complaints', 'special-educational-provision']));
    expect(keys("where is the council's directory of services?")).toContain('local-offer');
    expect(keys('does what the child thinks count?')).toContain('pupil-voice');
    expect(keys('is he getting extra help in class?')).toContain('sen-support');
    expect(keys('what do TAs do?')).toContain('teaching-assistant');
    expect(keys('is there extra money for high needs?')).toContain('ehcp-funding');
    expect(keys('he cant sit still')).toContain('adhd');
    expect(keys('how do we keep an eye on whether it works?')).toContain('monitor');
    expect(keys('when do parents hear back?')).toContain('feedback');
    expect(keys("only been in the UK a year and isn't fluent yet")).toContain('eal');
    expect(keys('can he have a visual timetable or tinted overlays?')).toContain('assistive-equipment');
    expect(keys('mum is asking about a specialist school')).toContain('resourced-provision');
    expect(keys('are we allowed to hold him when he lashes out?')).toContain('physical-intervention');
    expect(keys('is disciplining SEN pupils the same?')).toContain('sanctions');
    expect(keys('do they just disappear off our radar?')).toContain('monitor');
    expect(keys('a child with a statutory plan')).toContain('ehcp');
    expect(keys('is there yearly training?')).toContain('annual');
    expect(keys('Y3 boy in year 4 maths')).not.toContain('annual');
    expect(keys('can we push back on the decision?')).toContain('challenge');
    expect(keys('does he join in with the school disco?')).toContain('wraparound-care');
    expect(keys("I've a niggle something's not right at home")).toContain('safeguarding');
    expect(keys('he came in with bruises on his arm')).toContain('safeguarding');
    expect(keys('she is falling behind her peers in reading')).toContain('expected-progress');
    expect(keys('what counts as less than expected progress?')).toContain('expected-progress');
    expect(keys('a pupil with really complex needs')).toContain('complex-needs');
    // A challenging behaviour is not a challenge to a decision.
    expect(keys('he shows challenging behaviour')).not.toContain('challenge');
  });

  it('reaches the outside agencies through any of the specialists', () => {
    const speech = analysed('the speech therapist wants to see him 1:1').concepts;
    expect(speech.find((c) => c.key === 'speech-and-language')?.broader).toBeFalsy();
    expect(speech.find((c) => c.key === 'external-agencies')?.broader).toBe(true);
    expect(analysed('can the EP come in?').concepts.map((c) => c.key)).toContain('external-agencies');
  });

  it('finds the phrases a question quotes, not the apostrophes inside words', () => {
    expect(analysed("what does 'less than expected progress' mean?").quoted.map((p) => p.map((t) => t.word))).toEqual([['less', 'than', 'expected', 'progress']]);
    expect(quotedPhrases('what is meant by “best endeavours” or "reasonable adjustments"?')).toEqual(['best endeavours', 'reasonable adjustments']);
    expect(quotedPhrases("the child's mum isn't happy and parents' evening is ‘too late’")).toEqual(['too late']);
    expect(quotedPhrases("what's an EHCP?")).toEqual([]);
  });

  it('reads an idiom as what it means, not as the words in it', () => {
    const keys = analysed("parents can't make head nor tail of the plan").concepts.map((c) => c.key);
    expect(keys).toContain('understand');
    expect(keys).not.toContain('headteacher');
  });

  it('reads "who" as asking about a role only where it asks, not where it describes the words before it', () => {
    const keys = (q: string) => analysed(q).concepts.map((c) => c.key);
    expect(keys('who is the SENDCo?')).toContain('responsibility');
    expect(keys('not sure who to tell')).toContain('responsibility');
    expect(keys('parents who disagree - who do they go to?')).toContain('responsibility');
    expect(keys("a y4 girl who's just arrived with little English - is that right?")).not.toContain('responsibility');
    expect(keys('are there clubs for kids who need support?')).not.toContain('responsibility');
  });

  it('reads "ta" in a clause of thanks as thanks, and "TA" in a question as a teaching assistant', () => {
    const keys = (q: string) => analysed(q).concepts.map((c) => c.key);
    expect(keys('ta, when do we get paid?')).not.toContain('teaching-assistant');
    expect(keys('ok ta')).not.toContain('teaching-assistant');
    expect(keys('TA?')).toContain('teaching-assistant');
    expect(keys('what does a TA do? ta')).toContain('teaching-assistant');
  });

  it('tells the scene a question sets from what it asks', () => {
    expect(questionClauses('Y5 girl never hands in homework - how do I flag a possible SEN?')).toEqual([
      { text: 'Y5 girl never hands in homework', asks: false, words: ['year', '5', 'girl', 'never', 'hands', 'in', 'homework'] },
      { text: 'how do I flag a possible SEN?', asks: true, words: ['how', 'do', 'i', 'flag', 'a', 'possible', 'sen'] },
    ]);
    expect(questionClauses('pupil gets anxious at breakfast club, who should I speak to?').map((c) => c.asks)).toEqual([false, true]);
    expect(questionClauses('do pupils with dyslexia get less homework?')).toEqual([
      { text: 'do pupils with dyslexia get less homework?', asks: true, words: ['do', 'pupils', 'with', 'dyslexia', 'get', 'less', 'homework'] },
    ]);
  });

  it('keeps the words of a question read as one clause as they are in the whole question', () => {
    // Split at the dash, "co" and "ordinator" are two clauses' words; in the whole question they are one word.
    const [whole] = questionClauses('who is the co–ordinator? who do I ask?');
    expect(whole?.words).toEqual(['who', 'is', 'the', 'coordinator', 'who', 'do', 'i', 'ask']);
  });

  it('marks a topic as scene only when the asking part names a SEND concept of its own', () => {
    const scene = (q: string) => analysed(q).concepts.filter((c) => c.scene === true).map((c) => c.key);
    expect(scene('a pupil keeps refusing to get changed for PE - should I raise this as a SEND concern?')).toContain('physical-education');
    expect(scene('can SEND pupils be excused from PE?')).toEqual([]);
    // "can we book it?" names nothing of its own: the sensory room is what is asked about.
    expect(scene('my colleague mentioned a sensory room - can we book it?')).toEqual([]);
  });

  it('takes the scene as what is asked when the ask points back at it', () => {
    const scene = (q: string) => analysed(q).concepts.filter((c) => c.scene === true).map((c) => c.key);
    expect(scene('new arrival with no English at all - should she go on the SEND register?')).toContain('eal');
    expect(scene('new arrival with no English at all - should she go on the SEND register or is that different?')).toEqual([]);
    expect(scene('a boy in my class kicks off most afternoons - does that mean he needs to go on the SEND register?')).toEqual([]);
    // A role in the ask is who asks: the nappies are what is asked about.
    expect(scene('reception starter still in nappies - the TA is not sure what she should do')).toEqual([]);
    // "Our SEND policy" names the document asked, not a SEND topic of the ask.
    expect(scene("parent wants to make a formal complaint - what's the process in our SEND policy?")).toEqual([]);
    expect(scene('parent wants to make a formal complaint - what SEND support can we offer?')).toContain('complaints');
  });

  it("counts the asker's own role as asked, wherever it is said", () => {
    const scene = (q: string) => analysed(q).concepts.filter((c) => c.scene === true).map((c) => c.key);
    expect(scene("I'm a new TA starting monday, what am I expected to do for the SEND kids?")).not.toContain('teaching-assistant');
    expect(scene('as head, what am I responsible for when it comes to SEND?')).not.toContain('headteacher');
    // Someone else's role in the scene stays the scene.
    expect(scene('a TA told me a boy hit her - should I log it as a SEND concern?')).toContain('teaching-assistant');
    expect(analysed('what am I actually expected to do for the SEND pupils?').concepts.map((c) => c.key)).toContain('responsibility');
  });
});
