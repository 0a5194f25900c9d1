import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerActivity } from '../../bench/http.js';
import { describeGrowth, growthExponent, percentile, summarise } from '../../bench/lib/stats.js';
import { renderTable } from '../../bench/lib/table.js';
import { deploymentTrusts, POLICIES_PER_TRUST } from '../../bench/scale.js';
import { standInEncoder } from '../../bench/standin-encoder.js';
import { projectRoot } from '../../src/config.js';
import { loadRegistry, parseRegistry } from '../../src/knowledge/registry.js';
import { EMBEDDING_DIMENSIONS } from '../../src/search/semantic.js';

describe('latency statistics', () => {
  it('takes percentiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('summarises unsorted samples without reordering them', () => {
    const samples = [5, 1, 4, 2, 3];
    const summary = summarise(samples);
    expect(summary).toMatchObject({ n: 5, mean: 3, p50: 3, min: 1, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('reads growth from a log-log slope', () => {
    expect(growthExponent(200, 10, 1000, 50)).toBeCloseTo(1, 6);
    expect(describeGrowth(growthExponent(200, 10, 1000, 50))).toBe('linear');
    expect(describeGrowth(growthExponent(200, 10, 1000, 10))).toBe('flat');
    expect(describeGrowth(growthExponent(200, 10, 1000, 20))).toBe('sublinear');
    expect(describeGrowth(growthExponent(200, 10, 1000, 500))).toBe('superlinear');
    expect(describeGrowth(growthExponent(200, 0, 1000, 5))).toBe('n/a');
  });
});

describe('report tables', () => {
  it('aligns columns, the first to the left and the rest to the right, with notes under it', () => {
    const text = renderTable({ title: 'T', columns: ['name', 'ms'], rows: [['a', '1.5'], ['longer', '10.25']], notes: ['measured'] });
    expect(text.split('\n')).toEqual(['## T', '', 'name       ms', '------  -----', 'a         1.5', 'longer  10.25', '', '- measured', '']);
  });
});

describe('the deployment layout', () => {
  it('keeps the real trusts and adds synthetic ones, five policies each, that the registry accepts', async () => {
    const real = await loadRegistry(path.join(projectRoot, 'knowledge'));
    const trusts = deploymentTrusts(real, 60);
    expect(trusts).toHaveLength(60 / POLICIES_PER_TRUST);
    expect(trusts.slice(0, real.length).map((t) => t.id)).toEqual(real.map((t) => t.id));
    const registry = { trusts: trusts.map((t, i) => ({ ...t, policies: [{ file: `policies/p${i}.md` }] })) };
    expect(parseRegistry(JSON.stringify(registry), 'trusts.json')).toHaveLength(trusts.length);
    expect(deploymentTrusts(real, 3)).toHaveLength(real.length);
  });
});

describe('the stand-in encoder', () => {
  it('gives each text the same unit vector of the model\'s dimension every time, and different texts different ones', async () => {
    const encoder = standInEncoder();
    const [a, b, c] = await encoder.embed(['the graduated approach', 'the graduated approach', 'annual review']);
    expect(a?.length).toBe(EMBEDDING_DIMENSIONS);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    let squares = 0;
    for (const v of a ?? new Float32Array(0)) squares += v * v;
    expect(Math.sqrt(squares)).toBeCloseTo(1, 5);
  });
});

describe('the HTTP bench activity', () => {
  it('asks as a distinct person in the trust\'s tenant and expects its replies in the response', () => {
    const activity = answerActivity('What is the graduated approach?', 'tenant-1', 7, 42);
    expect(activity).toMatchObject({
      type: 'message',
      deliveryMode: 'expectReplies',
      text: 'What is the graduated approach?',
      conversation: { tenantId: 'tenant-1', conversationType: 'personal' },
      channelData: { tenant: { id: 'tenant-1' } },
    });
    expect(answerActivity('q', 'tenant-1', 8, 43).from).not.toEqual(activity.from);
  });
});
