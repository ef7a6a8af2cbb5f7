import { describe, expect, it } from 'vitest';
import { Autoscaler } from './autoscaler.js';

const scaler = (maxConcurrentRequestsPerReplica: number) =>
  new Autoscaler({ minReplicas: 1, maxReplicas: 8, targetUtilization: 50, maxConcurrentRequestsPerReplica }, Date.now, () => {});

describe('autoscaler utilisation', () => {
  it('counts capacity as replicas × concurrent requests per replica', () => {
    // 50% target: one replica of concurrency 1 is meant to hold half a request, of concurrency 4 two.
    expect(scaler(1).desired(4)).toBe(8);
    expect(scaler(4).desired(4)).toBe(2);
    expect(scaler(4).desired(5)).toBe(3);
  });

  it('stays within min and max', () => {
    expect(scaler(4).desired(0)).toBe(1);
    expect(scaler(1).desired(100)).toBe(8);
  });
});
