import { describe, expect, it } from 'vitest';
import { FrameReader, type ReplicaFrame } from './frames.js';

/** A response frame as the replica host writes it (`python/cairn_replica.py`). */
function response(id: number, status: number, runMicros: number, body: string, headers?: Record<string, string>): Buffer {
  const head = headers === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(headers));
  const payload = headers === undefined ? Buffer.from(body) : Buffer.concat([Buffer.alloc(4), head, Buffer.from(body)]);
  if (headers !== undefined) payload.writeUInt32BE(head.length, 0);
  const frame = Buffer.alloc(14);
  frame.writeUInt32BE(10 + payload.length, 0);
  frame.writeUInt32BE(id, 4);
  frame.writeUInt16BE(status | (headers === undefined ? 0 : 0x8000), 8);
  frame.writeUInt32BE(runMicros, 10);
  return Buffer.concat([frame, payload]);
}

function read(chunks: Buffer[]): ReplicaFrame[] {
  const frames: ReplicaFrame[] = [];
  const reader = new FrameReader((frame) => frames.push({ ...frame, body: Buffer.from(frame.body) }));
  for (const chunk of chunks) reader.push(chunk);
  return frames;
}

const stream = Buffer.concat([response(1, 200, 120, '[1.5]'), response(2, 500, 7, '{"message": "boom"}'), response(3, 201, 9, 'ok', { 'Content-Type': 'text/plain' }), response(4, 200, 0, '')]);
const expected = [
  { id: 1, status: 200, runMicros: 120, body: '[1.5]', headers: undefined },
  { id: 2, status: 500, runMicros: 7, body: '{"message": "boom"}', headers: undefined },
  { id: 3, status: 201, runMicros: 9, body: 'ok', headers: { 'content-type': 'text/plain' } },
  { id: 4, status: 200, runMicros: 0, body: '', headers: undefined },
];

function plain(frames: ReplicaFrame[]) {
  return frames.map((f) => ({ id: f.id, status: f.status, runMicros: f.runMicros, body: f.body.toString(), headers: f.headers }));
}

describe('FrameReader', () => {
  it('reads several frames from one chunk', () => {
    expect(plain(read([stream]))).toEqual(expected);
  });

  it('reads the same frames whatever two pieces the stream comes in', () => {
    for (let cut = 1; cut < stream.length; cut += 1) {
      expect(plain(read([stream.subarray(0, cut), stream.subarray(cut)])), `cut at ${cut}`).toEqual(expected);
    }
  });

  it('reads the same frames fed one byte at a time', () => {
    expect(plain(read([...stream].map((byte) => Buffer.from([byte]))))).toEqual(expected);
  });
});
