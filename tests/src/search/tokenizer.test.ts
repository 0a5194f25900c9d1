import { describe, expect, it } from 'vitest';
import { analyse, contentStems, normaliseText, SEND_VERB_STEM, words } from '../../../src/search/tokenizer.js';

describe('normaliseText', () => {
  it('folds curly quotes, dashes, asterisks and whitespace', () => {
    expect(normaliseText('The  “SENCO’s”\n role — **key**')).toBe('the "senco\'s" role - key');
  });
});

describe('words', () => {
  it('drops possessives and keeps contractions whole', () => {
    expect(words("the SENDCo's role, can't")).toEqual(['the', 'sendco', 'role', "can't"]);
  });

  it('joins hyphenated prefixes and splits other hyphenated words', () => {
    expect(words('co-ordinator day-to-day part-time')).toEqual(['coordinator', 'day', 'to', 'day', 'part', 'time']);
  });

  it('reads year groups and key stages the way staff write them', () => {
    expect(words('Y5 boy in yr6, year7 and KS2')).toEqual(['year', '5', 'boy', 'in', 'year', '6', 'year', '7', 'and', 'key', 'stage', '2']);
  });

  it('reads each piece of a hyphenated word like a word of its own', () => {
    expect(words("Y5-Y6 pupils' self-esteem's KS2-KS3 re-assessed b4 covid-19")).toEqual([
      'year', '5', 'year', '6', 'pupils', 'selfesteem', 'key', 'stage', '2', 'key', 'stage', '3', 'reassessed', 'b4', 'covid', '19',
    ]);
    expect(normaliseText(' Plain\ttext,  no   typography ')).toBe('plain text, no typography');
  });
});

describe('analyse', () => {
  it('marks question filler as stop words and stems content words', () => {
    const tokens = analyse('What should we actually do about the assessments?');
    expect(tokens.filter((t) => !t.stop).map((t) => t.stem)).toEqual(['assess']);
  });

  it('reads every contraction of a pronoun as a stop word, not as a word it spells without its apostrophe', () => {
    const content = (text: string) => analyse(text).filter((t) => !t.stop).map((t) => t.word);
    expect(content("she'll complain, he'd said it'll be fine, we should've asked")).toEqual(['complain', 'fine']);
  });

  it('gives a policy sentence and a question the same content stems', () => {
    expect(contentStems('Reviewing EHC plans annually')).toEqual(contentStems('review the EHC plan annual'.replace('annual', 'annually')));
  });

  it('tells the verb send from the acronym SEND, which staff also type in lower case', () => {
    const stemOf = (text: string, word: string) => analyse(text).find((t) => t.word === word)?.stem;
    expect(stemOf('will HR send a reminder?', 'send')).toBe(SEND_VERB_STEM);
    expect(stemOf('can we send him home?', 'send')).toBe(SEND_VERB_STEM);
    expect(stemOf('the school sends letters', 'sends')).toBe(SEND_VERB_STEM);
    expect(stemOf('sending the plan on', 'sending')).toBe(SEND_VERB_STEM);
    // "The", "that" and "it" follow the acronym too: "for pupils with SEND the school…".
    expect(stemOf('for pupils with send the school will', 'send')).toBe('send');
    expect(stemOf('is he on the send register?', 'send')).toBe('send');
    expect(stemOf('what counts as send', 'send')).toBe('send');
  });
});
