import { describe, expect, it } from 'vitest';
import { commands } from '../../bot/commands.js';
import { BOT, USER, cardsOf, harness, installed, membersAdded, message, submit, textsOf } from './helpers/conversation.js';
import { SHARED_TENANT, UNKNOWN_TENANT } from './helpers/fake-knowledge.js';
import { actionData } from '../../bot/cards/card-actions.js';
import { replies } from '../../bot/send-policy-bot.js';

const newMember = { id: '29:new-teacher', name: 'New Teacher' };

describe('welcome', () => {
  it('welcomes once in a personal chat when the app is installed, naming the trust and the privacy note', async () => {
    const { send } = harness();
    const [welcome] = cardsOf(await send(installed()));
    expect(welcome?.text).toContain("Hello, I'm SEND Policy Assistant");
    expect(welcome?.text).toContain("I answer from Southport Learning Trust's SEND policy.");
    expect(welcome?.text).toContain("don't type pupils' names");
    expect(welcome?.text).toContain("Your messages aren't stored");
    // Teams also sends conversationUpdate with the bot in membersAdded: no second welcome.
    expect(await send(membersAdded([BOT]))).toEqual([]);
    expect(await send(installed())).toEqual([]);
  });

  it('welcomes once when the bot is added to a team, and not when people join the team', async () => {
    const { send } = harness();
    const where = { scope: 'channel' as const };
    const first = cardsOf(await send(installed(where)));
    expect(first[0]?.text).toContain('Mention me (@SEND Policy Assistant)');
    expect(await send(membersAdded([BOT], where))).toEqual([]);
    expect(await send(membersAdded([newMember], where))).toEqual([]);
    expect(await send(membersAdded([USER, newMember], { scope: 'groupChat' }))).toEqual([]);
  });

  it('welcomes once when Teams sends the installation and the bot joining at the same moment', async () => {
    const { send } = harness();
    const [a, b] = await Promise.all([send(membersAdded([BOT])), send(installed())]);
    expect(cardsOf([...(a ?? []), ...(b ?? [])])).toHaveLength(1);
  });

  it('welcomes again after the app is removed and installed again', async () => {
    const { send } = harness();
    expect(cardsOf(await send(installed()))).toHaveLength(1);
    await send({ ...installed(), action: 'remove' });
    expect(cardsOf(await send(installed()))).toHaveLength(1);
  });

  it('follows the welcome with the trust choice when the tenant maps to several trusts', async () => {
    const { send } = harness();
    const cards = cardsOf(await send(installed({ tenant: SHARED_TENANT })));
    expect(cards.map((c) => c.text.split('\n')[0])).toEqual(["Hello, I'm SEND Policy Assistant", 'Which trust do you work for?']);
  });

  it('tells an organisation that is not set up, after the welcome', async () => {
    const { send } = harness();
    const sent = await send(installed({ tenant: UNKNOWN_TENANT }));
    expect(cardsOf(sent)).toHaveLength(1);
    expect(sent.at(-1)?.text).toBe(replies.tenantRefused);
  });
});

describe('help and commands', () => {
  it('answers "help" with how to ask, examples and every command of the menu', async () => {
    const { send } = harness();
    const [help] = cardsOf(await send(message('help')));
    expect(help?.text).toContain('How I can help');
    expect(help?.text).toContain("Southport Learning Trust's SEND policy");
    for (const command of commands) expect(help?.text).toContain(`${command.title}: ${command.description}`);
  });

  it('answers an @mention with nothing else in a group chat with help', async () => {
    const { send } = harness();
    const [help] = cardsOf(await send(message('', { scope: 'groupChat', mention: true })));
    expect(help?.text).toContain('Mention me (@SEND Policy Assistant)');
  });

  it('offers "Change trust" on help only where the person may change it', async () => {
    const { send } = harness();
    expect(cardsOf(await send(message('help')))[0]?.buttons.has('Change trust')).toBe(false);
    await send(submit(actionData({ action: 'chooseTrust', trust: 'southport' }), { tenant: SHARED_TENANT }));
    const [help] = cardsOf(await send(message('help', { tenant: SHARED_TENANT })));
    expect(help?.buttons.get('Change trust')).toEqual(actionData({ action: 'changeTrust' }));
  });

  it('gives help before a trust is chosen, then asks for the trust', async () => {
    const { send } = harness();
    const cards = cardsOf(await send(message('help', { tenant: SHARED_TENANT })));
    expect(cards.map((c) => c.text.split('\n')[0])).toEqual(['How I can help', 'Which trust do you work for?']);
    expect(cards[0]?.text).toContain("your trust's SEND policy");
  });

  it('refuses help to a tenant that is not set up', async () => {
    const { send } = harness();
    expect(textsOf(await send(message('help', { tenant: UNKNOWN_TENANT })))).toEqual([replies.tenantRefused]);
  });

  it('treats a question that contains "help" as a question', async () => {
    const { send } = harness();
    const [card] = cardsOf(await send(message('What help is there for teaching assistants?')));
    expect(card?.text).not.toContain('How I can help');
  });
});
