import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxScorer } from '@cairn/serving';
import { afterEach, describe, expect, it } from 'vitest';
import { linearOnnxModel } from '../../../serving/src/test-support/onnx-model.js';
import { EndpointRegistry, checkTraffic } from './endpoint-registry.js';

const ws = { id: 7, name: 'default' };
const registries: EndpointRegistry[] = [];

function onnx(): OnnxScorer {
  const file = join(mkdtempSync(join(tmpdir(), 'cairn-registry-')), 'model.onnx');
  writeFileSync(file, linearOnnxModel());
  return new OnnxScorer(file);
}

async function running(): Promise<EndpointRegistry> {
  const registry = new EndpointRegistry();
  registries.push(registry);
  registry.open(ws, 'linear', ['k1', 'k2']);
  expect((await registry.deploy(ws, 'linear', 'blue', onnx())).state).toBe('Healthy');
  registry.setTraffic(ws, 'linear', { blue: 100 });
  return registry;
}

afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

describe('endpoint registry', () => {
  it('scores through the scoring directory with the endpoint keys only', async () => {
    const target = (await running()).find('default', 'linear')!;
    expect(target.authorize('Bearer k2')).toBe(true);
    expect(target.authorize('Bearer k3')).toBe(false);
    expect(JSON.parse((await target.score(Buffer.from('{"data": [[0, 1]]}'))).body.toString())).toEqual([[4]]);
    expect(target.healthy()).toBe(true);
  });

  it('forgets a removed endpoint: its scoring target is gone', async () => {
    const registry = await running();
    await registry.remove(ws, 'linear');
    expect(registry.find('default', 'linear')).toBeUndefined();
    expect(registry.has(ws, 'linear')).toBe(false);
  });

  it('writes Prometheus text per deployment', async () => {
    const registry = await running();
    await registry.find('default', 'linear')!.score(Buffer.from('{"data": [[0, 1]]}'));
    const text = registry.prometheus('default');
    expect(text).toContain('cairn_endpoint_requests_total{workspace="default",endpoint="linear",deployment="blue",code="200"} 1');
    expect(registry.prometheus('other')).not.toContain('endpoint="linear"');
  });

  it('refuses traffic weights that do not sum to 100 or name unknown deployments', () => {
    expect(() => checkTraffic({ blue: 90, green: 20 }, ['blue', 'green'])).toThrow(/summing to 100, not 110/);
    expect(() => checkTraffic({ red: 100 }, ['blue'])).toThrow(/no deployment red/);
    expect(() => checkTraffic({ blue: 90, green: 10 }, ['blue', 'green'])).not.toThrow();
  });
});
