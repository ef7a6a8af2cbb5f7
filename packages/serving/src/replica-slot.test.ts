import { describe, expect, it } from 'vitest';
import type { ReplicaHandle } from './replica.js';
import { AHEAD_MAX_RUN_MICROS, Slot, type Flight } from './replica-slot.js';

// The slot only keeps the handle; nothing here calls it.
const handle = {} as ReplicaHandle;

function flight(slot: Slot): Flight {
  const f: Flight = { slot, body: Buffer.alloc(0), enqueuedAt: 0, queueWait: 0, ahead: false, resolve: () => {}, settled: false };
  slot.sent.push(f);
  return f;
}

describe('replica slot', () => {
  it('takes a frame ahead only once its run() calls are known to be short', () => {
    const slot = new Slot(handle, 1);
    slot.ready = true;
    expect(slot.accepts()).toBe('run');
    const first = flight(slot);
    expect(slot.accepts()).toBeNull();
    slot.landed(first, AHEAD_MAX_RUN_MICROS / 2);
    flight(slot);
    expect(slot.accepts()).toBe('ahead');
    flight(slot);
    expect(slot.accepts()).toBeNull();
    expect([slot.running(), slot.waiting()]).toEqual([1, 1]);
  });

  it('stops sending ahead when run() calls become long', () => {
    const slot = new Slot(handle, 2);
    slot.ready = true;
    for (const micros of [100, 50_000, 50_000]) slot.landed(flight(slot), micros);
    flight(slot);
    flight(slot);
    expect(slot.accepts()).toBeNull();
  });

  it('hands back the requests it has not started, oldest first', () => {
    const slot = new Slot(handle, 2);
    const sent = [flight(slot), flight(slot), flight(slot)];
    expect(slot.unstarted(2)).toEqual([sent[2]]);
    expect(sent[2]!.settled).toBe(true);
    expect(slot.sent).toEqual(sent.slice(0, 2));
  });
});
