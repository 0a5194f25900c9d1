import { describe, expect, it } from 'vitest';
import { actionData } from '../../bot/cards/card-actions.js';
import { replies } from '../../bot/send-policy-bot.js';
import { cardsOf, harness, message, submit, textsOf } from './helpers/conversation.js';
import { MOSAIC_TENANT, SHARED_TENANT, UNKNOWN_TENANT, policyText } from './helpers/fake-knowledge.js';

const question = 'What are the roles and responsibilities of the SENCO?';

describe('the trust of the person asking', () => {
  it("answers from the trust the tenant maps to, and never another trust's policy", async () => {
    const { send } = harness();
    const [card] = cardsOf(await send(message(question, { tenant: MOSAIC_TENANT })));
    expect(card?.text).toContain("From Mosaic Schools Learning Trust's SEND policy");
    const quote = card?.text.split('\n').find((l) => l.startsWith('  │ '))?.slice(4) ?? '';
    expect(policyText('policies/mosaic.md')).toContain(quote);
  });

  it('asks once with a choice card when a tenant maps to several trusts, then answers the question asked', async () => {
    const { send } = harness();
    const [choice] = cardsOf(await send(message(question, { tenant: SHARED_TENANT })));
    expect(choice?.text).toContain('Which trust do you work for?');
    expect([...(choice?.buttons.keys() ?? [])]).toEqual(['Southport Learning Trust', 'Mosaic Schools Learning Trust']);
    expect(choice?.buttons.get('Mosaic Schools Learning Trust')).toEqual(actionData({ action: 'chooseTrust', trust: 'mosaic', question }));

    const afterChoice = await send(submit(choice?.buttons.get('Mosaic Schools Learning Trust'), { tenant: SHARED_TENANT }));
    expect(textsOf(afterChoice)).toEqual(["Thanks. I'll answer from Mosaic Schools Learning Trust's SEND policy."]);
    expect(cardsOf(afterChoice)[0]?.text).toContain("From Mosaic Schools Learning Trust's SEND policy");

    const [next] = cardsOf(await send(message('How are pupils with SEN identified?', { tenant: SHARED_TENANT })));
    expect(next?.text).toContain("From Mosaic Schools Learning Trust's SEND policy");
  });

  it('changes the remembered trust with "change trust"', async () => {
    const { send } = harness();
    await send(submit(actionData({ action: 'chooseTrust', trust: 'mosaic' }), { tenant: SHARED_TENANT }));
    const [choice] = cardsOf(await send(message('change trust', { tenant: SHARED_TENANT })));
    expect(choice?.text).toContain("I'm answering from Mosaic Schools Learning Trust's SEND policy");
    await send(submit(choice?.buttons.get('Southport Learning Trust'), { tenant: SHARED_TENANT }));
    const [card] = cardsOf(await send(message(question, { tenant: SHARED_TENANT })));
    expect(card?.text).toContain("From Southport Learning Trust's SEND policy");
  });

  it('says there is nothing to change when the tenant maps to one trust', async () => {
    const { send } = harness();
    expect(textsOf(await send(message('change trust')))).toEqual([
      "Your organisation uses Southport Learning Trust's SEND policy, so that's the one I answer from.",
    ]);
  });

  it('refuses a trust the tenant may not use, even from a crafted button', async () => {
    const { send } = harness();
    const sent = await send(submit(actionData({ action: 'chooseTrust', trust: 'southport' }), { tenant: MOSAIC_TENANT }));
    expect(textsOf(sent)).toEqual([replies.trustNotAllowed]);
    const [card] = cardsOf(await send(message(question, { tenant: MOSAIC_TENANT })));
    expect(card?.text).toContain('Mosaic Schools Learning Trust');
  });

  it('politely refuses a tenant that maps to no trust, logging the tenant id but not the question', async () => {
    const { send, logLines } = harness();
    const sent = await send(message(question, { tenant: UNKNOWN_TENANT }));
    expect(textsOf(sent)).toEqual([replies.tenantRefused]);
    expect(cardsOf(sent)).toEqual([]);
    const refusal = logLines.find((l) => l.includes('tenant-refused'));
    expect(refusal).toContain(UNKNOWN_TENANT);
    expect(logLines.join('\n')).not.toContain('SENCO?');
  });

  it('refuses a message with no tenant outside dev mode', async () => {
    const { send } = harness();
    expect(textsOf(await send(message(question, { tenant: null })))).toEqual([replies.tenantRefused]);
  });

  it('in dev mode lets an unknown or missing tenant choose among all trusts', async () => {
    const { send } = harness({ devMode: true });
    for (const tenant of [UNKNOWN_TENANT, null]) {
      const [choice] = cardsOf(await send(message(question, { tenant, from: { id: `29:${String(tenant)}`, name: 'Someone' } })));
      expect([...(choice?.buttons.keys() ?? [])]).toEqual(['Southport Learning Trust', 'Mosaic Schools Learning Trust']);
    }
  });

  it('uses a preselected trust in dev mode until the person picks another', async () => {
    const { send } = harness({ devMode: true, preselectedTrust: 'mosaic' });
    const [card] = cardsOf(await send(message(question, { tenant: null })));
    expect(card?.text).toContain("From Mosaic Schools Learning Trust's SEND policy");
    await send(submit(actionData({ action: 'chooseTrust', trust: 'southport' }), { tenant: null }));
    const [after] = cardsOf(await send(message(question, { tenant: null })));
    expect(after?.text).toContain("From Southport Learning Trust's SEND policy");
  });
});
