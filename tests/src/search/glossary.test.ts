import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAssistantError } from '../../../src/errors.js';
import { loadGlossary, parseGlossary, type Glossary } from '../../../src/search/glossary.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';

const TRUSTS = ['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic'];
const glossary: Glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'), TRUSTS);

function invalid(data: unknown): string {
  try {
    parseGlossary(data, 'knowledge/glossary.json', TRUSTS);
  } catch (error) {
    if (isAssistantError(error, 'KNOWLEDGE_FILE_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected KNOWLEDGE_FILE_INVALID');
}

describe('the bundled glossary', () => {
  it('joins every spelling of the SENCO role in one concept', () => {
    for (const spelling of ['SENCO', 'SENDCo', 'SENCo', 'special educational needs co-ordinator', 'SEND coordinator']) {
      expect(glossary.conceptsOf(`ask the ${spelling}`, 'southport'), spelling).toContain('senco');
    }
  });

  it('reads EHCP, EHC plan and the full name as one plan, and the healthcare plan as another', () => {
    expect(glossary.conceptsOf('Education, Health and Care Plan', 'mosaic')).toEqual(['ehcp']);
    expect(glossary.conceptsOf('her EHC plan', 'mosaic')).toEqual(['ehcp']);
    expect(glossary.conceptsOf('an Education Health Care Plan', 'drb-ignite')).toEqual(['ehcp']);
    expect(glossary.conceptsOf('an individual healthcare plan', 'mosaic')).toEqual(['ihcp']);
    // Staff shorten the education, health and care plan to "care plan"; a health care plan is the medical one.
    expect(glossary.conceptsOf('the council agreed to do a care plan', 'drb-ignite')).toEqual(['local-authority', 'ehcp']);
    expect(glossary.conceptsOf('a health care plan for her diabetes', 'drb-ignite')).toContain('ihcp');
  });

  it('keeps SLT (senior leadership) apart from SALT (speech and language therapy)', () => {
    expect(glossary.conceptsOf('SLT', 'southport')).toEqual(['slt']);
    expect(glossary.conceptsOf('SALT', 'southport')).toEqual(['speech-and-language']);
    expect(glossary.conceptsOf('speech and language therapy', 'southport')).toEqual(['speech-and-language']);
  });

  it('reads LAC as the Local Academy Committee too only in the trust whose policy uses it that way', () => {
    expect(glossary.conceptsOf('the LAC', 'aspire').sort()).toEqual(['local-academy-committee', 'looked-after']);
    expect(glossary.conceptsOf('the LAC', 'southport')).toEqual(['looked-after']);
  });

  it('does not let stemming join medication with medical', () => {
    expect(glossary.conceptsOf('his medical needs', 'aspire')).toEqual(['medical-conditions']);
    expect(glossary.conceptsOf('administering medication', 'aspire')).toEqual(['medication']);
  });

  it('reads everyday words for topics next to SEND as those topics, and not the same words used otherwise', () => {
    expect(glossary.conceptsOf('her dad is in the army', 'southport')).toContain('service-children');
    expect(glossary.conceptsOf('his mum passed away', 'southport')).toContain('bereavement');
    expect(glossary.conceptsOf('help going to the loo', 'southport')).toContain('intimate-care');
    expect(glossary.conceptsOf('small tweaks in lessons', 'southport')).toContain('reasonable-adjustments');
    expect(glossary.conceptsOf('a child with learning needs', 'southport')).toContain('send');
    expect(glossary.conceptsOf('the deployment of teaching assistants', 'southport')).not.toContain('service-children');
    expect(glossary.broader('medication')).toContain('medical-conditions');
    expect(glossary.conceptsOf('how do we take him off the SEND support register?', 'southport')).toContain('exit-register');
    // Laptops and equipment serve staff as much as pupils: naming them ties a question to SEND only weakly; specialist equipment is SEND provision.
    expect(glossary.conceptsOf('the wifi on the staff laptops', 'southport')).not.toContain('assistive-equipment');
    expect(glossary.anchorStrength('equipment')).toBe('weak');
    expect(glossary.conceptsOf('he keeps misbehaving and gets sent to isolation', 'southport')).toEqual(expect.arrayContaining(['behaviour', 'sanctions']));
    // Isolation from friends is no sanction.
    expect(glossary.conceptsOf('more prone to peer group isolation', 'southport')).not.toContain('sanctions');
    expect(glossary.conceptsOf('coloured overlays and specialist equipment', 'southport')).toContain('assistive-equipment');
  });

  it('reads the everyday words staff use for needs, checks, records and consent', () => {
    const concepts = (text: string) => glossary.conceptsOf(text, 'southport');
    expect(concepts('are kids with extra needs more likely to be harmed?')).toEqual(expect.arrayContaining(['send', 'safeguarding']));
    // Self-harm is a mental health need; "harmed" alone is what a safeguarding question says.
    expect(concepts('she has started to self-harm')).not.toContain('safeguarding');
    expect(concepts('has he had a hearing test')).toContain('hearing-impairment');
    expect(concepts('recent hearing and vision checks')).toContain('visual-impairment');
    expect(concepts('she is miles behind in maths')).toContain('expected-progress');
    expect(concepts('what happens after they leave school')).toContain('preparation-for-adulthood');
    expect(concepts('can he take his own tablets at lunch')).toContain('medication');
    // Tablets alone are as often the class's computers.
    expect(concepts('the class tablets need charging')).not.toContain('medication');
    expect(concepts('where do we keep the hard copy files')).toContain('records');
    expect(concepts('can we turn away a badly behaved new starter')).toEqual(expect.arrayContaining(['admissions', 'behaviour']));
    expect(concepts("mum hasn't said ok")).toContain('consent');
    expect(concepts('do we need to ask his parents first?')).toContain('consent');
    expect(concepts('do I need anything from his parents first?')).toContain('consent');
    expect(concepts('can I pass on his EHCP without asking his parents?')).toEqual(expect.arrayContaining(['disclose', 'consent', 'ehcp']));
    expect(concepts('worried about the move to high school')).toContain('transition');
    expect(concepts('do they come off the SEN list completely?')).toEqual(expect.arrayContaining(['exit-register']));
    expect(concepts('is she still on the SEND list')).toContain('send-register');
    expect(concepts('can we take her off the reg')).toContain('exit-register');
    expect(concepts('when can a kid stop getting the extra help?')).toContain('exit-register');
    expect(concepts('what counts as them not needing it any more')).toContain('exit-register');
    expect(concepts('do we need the paper copies any more')).not.toContain('exit-register');
    expect(concepts("once she doesn't need it anymore")).toContain('exit-register');
    // A policy that says it in its own words still covers leaving the register.
    expect(glossary.conceptsOf("the pupil's name will be moved from the SEND register to the monitoring list", 'aspire')).toContain('exit-register');
    // Stemming leaves analyse and analysis apart; the glossary joins them.
    expect(concepts('when we are analysing her needs')).toContain('analysis');
    expect(concepts('a comprehensive analysis of pupil needs')).toContain('analysis');
    expect(concepts('what info do we need')).toContain('information');
    // A pupil who speaks another language at home may be learning English, not have SEND.
    expect(concepts('she only speaks Polish at home')).toContain('eal');
    expect(concepts('is it a language barrier')).toContain('eal');
    expect(concepts('he uses a walking frame to get around school')).toContain('sensory-physical');
    expect(concepts('do we chunk up the work for him?')).toContain('small-steps');
    expect(concepts('the year group targets are way too big for him')).toContain('small-steps');
    // A worry that cannot be named yet is a safeguarding concern.
    expect(concepts("something feels off and I can't put my finger on it")).toContain('safeguarding');
    expect(concepts('task analysis to break learning down into manageable small steps')).toContain('small-steps');
    expect(concepts("we have to do 'everything we reasonably can'")).toContain('best-endeavours');
    // A reminder to send or a DBS to renew is not the policy's renewal.
    expect(concepts('will HR send a reminder to renew my DBS?')).toEqual([]);
    expect(concepts("when's our SEND policy up for renewal?")).toEqual(expect.arrayContaining(['send', 'policy-review']));
    expect(concepts('she has hardly any English')).toContain('eal');
    expect(concepts('a pile of printed reports')).toContain('records');
    expect(concepts("she says she'll take it further")).toContain('complaints');
    expect(concepts('he wants to join the football club')).toContain('wraparound-care');
    expect(concepts('how often do I see parents of kids on the register')).toContain('send-register');
    expect(concepts('he keeps acting up in lessons')).toContain('behaviour');
    // Sitting down with parents is a meeting; meeting a pupil's needs is not.
    expect(concepts('sitting down with mum and dad')).toContain('meet');
    expect(concepts('the annual review meeting')).toContain('meet');
    expect(concepts('can we meet his needs')).not.toContain('meet');
    // A child who looks after a parent is a young carer, not a looked-after child.
    expect(concepts('he looks after his poorly mum at home')).toEqual(['young-carer']);
    expect(concepts('the needs of looked-after children')).toContain('looked-after');
    // "On its own", "in themselves", "alone", "automatically": whether a factor by itself makes a pupil SEND.
    expect(concepts('does that on its own make her SEND?')).toContain('in-itself');
    expect(concepts('these factors do not, in themselves, constitute SEND')).toContain('in-itself');
    expect(concepts('is a young carer automatically SEN?')).toContain('in-itself');
    expect(concepts('dad is still cross with us')).toContain('complaints');
    expect(concepts('a family asking about a place for their son')).toContain('admissions');
    expect(concepts('the council wants to name us in his plan')).toContain('admissions');
    expect(concepts('they put our school down on her plan')).toContain('admissions');
    expect(concepts('one of those legally binding support docs')).toContain('ehcp');
    expect(concepts("can we push the council for a legal plan?")).toContain('ehcp');
    expect(concepts('can parents get together and support each other?')).toContain('parent-forum');
    expect(concepts('do the sencos ever meet up to share ideas?')).toContain('practice-network');
    expect(concepts('the specialist bases at other schools')).toContain('resourced-provision');
    expect(concepts('when has a child caught up enough to drop their interventions?')).toContain('exit-register');
    expect(concepts("she won't let it go")).toContain('complaints');
    expect(concepts('can the council look at her again from scratch?')).toContain('reassessment');
    expect(concepts('request a re-assessment of an EHC plan')).toContain('reassessment');
    expect(concepts('can we pass on her legal support plan without mum and dad saying yes first?')).toEqual(expect.arrayContaining(['ehcp', 'disclose', 'consent']));
    // The council saying yes to a plan is no parent's consent.
    expect(concepts('once the council have said yes to doing a plan')).not.toContain('consent');
    expect(concepts("I've seen her hanging round with older lads at the gate")).toContain('safeguarding');
    expect(concepts('paper folders in my classroom tray')).toContain('records');
    expect(concepts("he's been off a lot this term")).toContain('attendance');
    // A message that opens with "hi" is not about hearing impairment.
    expect(concepts('hi all, where is the staff room key?')).toEqual([]);
    expect(concepts('in and out of hospital all term')).toContain('attendance');
    // Building up paperwork is gathering evidence, not the school building.
    expect(concepts('how long to spend building up paperwork')).toEqual(['evidence']);
    expect(concepts('is the building accessible for wheelchairs')).toContain('accessible');
    // Kept in at lunch is a sanction; files kept in a cabinet are not.
    expect(concepts('he was kept in at lunch again')).toContain('sanctions');
    expect(concepts('are the files kept in a locked cabinet?')).not.toContain('sanctions');
    // Lateness is attendance; "lately" is not.
    expect(concepts('have his eyes and ears been tested lately?')).toEqual(expect.arrayContaining(['hearing-impairment']));
    expect(concepts('have his eyes and ears been tested lately?')).not.toContain('attendance');
    expect(concepts('joining in with after-school stuff and school shows')).toContain('wraparound-care');
    expect(concepts('a yearly session on inclusion for all staff')).toContain('cpd');
    expect(concepts("the write-up of what each school offers")).toContain('information-report');
    // A parent on the phone is a call, not a question about mobile phones.
    expect(concepts('parent on the phone about the SEN info report')).toEqual(expect.arrayContaining(['phone-call', 'information-report']));
    expect(concepts('parent on the phone about the SEN info report')).not.toContain('mobile-phones');
    expect(concepts('can he keep his phone in his bag?')).toContain('mobile-phones');
    // Long-term and term time are not termly.
    expect(concepts('a long-term condition; a day off in term time')).not.toContain('termly');
    expect(concepts('reviewed termly')).toContain('termly');
    expect(concepts("we just can't meet his needs here")).toContain('resourced-provision');
    expect(concepts("dad says he's going straight to the trust")).toContain('complaints');
    // Staff who are uneasy raise a concern; a parent who is not happy complains.
    expect(concepts("I'm not happy about it")).toEqual(['concern']);
    expect(concepts('mum is not happy with the support')).toContain('complaints');
    expect(concepts('has officially been put down as SEN')).toContain('send-register');
    expect(glossary.broader('send-register')).toContain('sen-support');
    // Attending a meeting is not attendance; a projector that died is no bereavement, and neither topic is SEND.
    expect(concepts('do we have to attend the hearing?')).not.toContain('attendance');
    expect(concepts('his attendance has dropped')).toContain('attendance');
    expect(glossary.anchorStrength('attendance')).toBe('weak');
    expect(glossary.anchorStrength('bereavement')).toBe('weak');
    // A child who still needs changing needs intimate care; a pupil's needs and changes to the plan do not.
    expect(concepts('she still needs changing during the day')).toContain('intimate-care');
    expect(concepts("the pupil's needs and changes to the intervention")).not.toContain('intimate-care');
    // A plan's annual review of progress is a yearly review, not the annual review of an EHC plan.
    expect(concepts('monitoring the accessibility plan, including at least annual review of progress made')).not.toContain('annual-review');
    expect(concepts('the annual review of his EHCP')).toContain('annual-review');
    // A child who has gone quiet shows the change in mood a policy asks staff to notice.
    expect(concepts('he has gone really quiet this week')).toContain('mood-change');
    expect(concepts('staff notice any changes in behaviour or mood')).toContain('mood-change');
    // "The TA reckons it's just his sensory stuff" is the assumption a policy warns against.
    expect(concepts("a mark on his arm and the TA reckons it's just his sensory stuff")).toEqual(expect.arrayContaining(['safeguarding', 'assumption']));
    expect(concepts('it will not be assumed that their language status is the only reason')).toContain('assumption');
    // "Hearing and vision checks" names both checks; eyes tested are no exams.
    expect(concepts('recent hearing and vision checks')).toEqual(expect.arrayContaining(['hearing-impairment', 'visual-impairment']));
    expect(concepts('have his eyes and ears been tested lately?')).not.toContain('exams');
    expect(concepts('extra time in tests')).toContain('exams');
  });

  it('maps a condition to the broader area of need it belongs to', () => {
    expect(glossary.conceptsOf('dyspraxia', 'aspire')).toEqual(['spld']);
    expect(glossary.broader('spld')).toContain('cognition-learning');
    expect(glossary.broader('adhd')).toContain('semh');
  });

  it('tells topics, anchors and everyday words apart', () => {
    expect(glossary.isTopical('intimate-care')).toBe(true);
    expect(glossary.isTopical('autism')).toBe(false);
    // English as an additional language is a topic a policy covers or not; it is no special educational need.
    expect(glossary.isTopical('eal')).toBe(true);
    // A resource base or specialist provision is a topic a policy covers or not.
    expect(glossary.isTopical('resourced-provision')).toBe(true);
    // PE is a school matter: it ties a question to SEND only weakly.
    expect(glossary.anchorStrength('physical-education')).toBe('weak');
    expect(glossary.anchorStrength('ehcp')).toBe('strong');
    expect(glossary.anchorStrength('send')).toBe('weak');
    expect(glossary.anchorStrength('definition')).toBe('none');
    expect(glossary.anchorStrength('pupil')).toBe('none');
    // Every school has teachers and governors: naming them ties a question to SEND only weakly.
    expect(glossary.anchorStrength('teacher')).toBe('weak');
    expect(glossary.anchorStrength('governors')).toBe('weak');
    expect(glossary.anchorStrength('senco')).toBe('strong');
    expect(glossary.isRole('teacher')).toBe(true);
  });
});

describe('parseGlossary', () => {
  const entry = { id: 'senco', kind: 'role', terms: ['SENCO'] };

  it('names the file and the field of a bad entry', () => {
    expect(invalid({ entries: [{ ...entry, terms: [] }] })).toMatch(/knowledge\/glossary\.json: entries\[0\]\.terms/);
    expect(invalid({ entries: [{ ...entry, kind: 'person-ish' }] })).toMatch(/entries\[0\]\.kind/);
    expect(invalid({ entries: [{ ...entry, anchor: 'medium' }] })).toMatch(/entries\[0\]\.anchor/);
    expect(invalid({ entries: [{ ...entry, terms: ['SENCO', 'HI'] }] })).toMatch(/entries\[0\]\.terms\[1\]: "HI" is a single stop word/);
  });

  it('rejects a repeated id, an unknown broader concept and an unknown trust', () => {
    expect(invalid({ entries: [entry, entry] })).toMatch(/entries\[1\]\.id: "senco" is used by an earlier entry/);
    expect(invalid({ entries: [{ ...entry, broader: ['nothing'] }] })).toMatch(/entries\[0\]\.broader\[0\]: "nothing"/);
    expect(invalid({ entries: [{ ...entry, trusts: ['atlantis'] }] })).toMatch(/entries\[0\]\.trusts\[0\]: "atlantis" is not a trust/);
  });

  it('lets an entry set how strongly it ties a question to SEND, whatever its kind', () => {
    const g = parseGlossary({ entries: [{ ...entry, anchor: 'weak' }, { id: 'teacher', kind: 'role', terms: ['teacher'] }] }, 'g.json');
    expect(g.anchorStrength('senco')).toBe('weak');
    expect(g.anchorStrength('teacher')).toBe('strong');
  });

  it('prefers the longest term at a position', () => {
    const g = parseGlossary(
      {
        entries: [
          { id: 'plan', kind: 'document', terms: ['care plan'] },
          { id: 'ehcp', kind: 'document', terms: ['health and care plan'] },
        ],
      },
      'g.json',
    );
    expect(g.conceptsOf('a health and care plan', 'any')).toEqual(['ehcp']);
    expect(g.conceptsOf('a care plan', 'any')).toEqual(['plan']);
  });

  it('keeps an everyday word inside a longer term, and no other concept', () => {
    const g = parseGlossary(
      {
        entries: [
          { id: 'policy-review', kind: 'process', terms: ['reviewed on an annual basis', 'SEN support'] },
          { id: 'annual', kind: 'word', terms: ['annual basis', 'every year'] },
          { id: 'send', kind: 'general', terms: ['SEN'] },
        ],
      },
      'g.json',
    );
    expect(g.conceptsOf('the policy is reviewed on an annual basis', 'any')).toEqual(['policy-review', 'annual']);
    expect(g.conceptsOf('pupils on SEN support', 'any')).toEqual(['policy-review']);
  });
});
