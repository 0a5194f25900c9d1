import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.js';

function lines(messageText: boolean, log: (logger: ReturnType<typeof createLogger>) => void): string {
  const out: string[] = [];
  log(createLogger({ level: 'info', messageText }, { write: (line: string) => void out.push(line) }));
  return out.join('\n');
}

describe('logger', () => {
  it('censors fields that may hold what a person typed', () => {
    const logged = lines(false, (logger) => {
      logger.info({ text: 'Jamie in 4B', question: 'Is Jamie SEND?', activity: { text: 'Jamie', value: { question: 'Jamie?' } } }, 'turn');
      logger.info({ value: 'Jamie' }, 'card');
    });
    expect(logged).not.toContain('Jamie');
    expect(logged).toContain('[redacted]');
  });

  it('keeps ids and outcomes', () => {
    const logged = lines(false, (logger) => logger.info({ event: 'answer', trust: 'southport', sections: ['southport/policy/3'] }, 'answered'));
    expect(JSON.parse(logged)).toMatchObject({ event: 'answer', trust: 'southport', sections: ['southport/policy/3'], service: 'send-policy-assistant' });
  });

  it('writes message text only when the operator opts in', () => {
    expect(lines(true, (logger) => logger.info({ question: 'Is Jamie SEND?' }, 'turn'))).toContain('Is Jamie SEND?');
  });
});
