import { describe, expect, it } from 'vitest';
import { appendChunk, decodeChunk, decodeNumericColumns, encodeChunk, readChunkHeader, viewNumericColumns } from './codec.js';
import type { Cell, MetricPoint, MetricValue, Row } from './types.js';
import { seeded } from '../test-support/seeded.js';

const SPECIAL_NUMBERS = [NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, 0.1 + 0.2];
const TRICKY_STRINGS = ['NaN', 'Infinity', '-Infinity', '-0', '', 'null', '["NaN"]', 'héllo ✓ 🚀', 'lone \ud800 surrogate', 'a"b\\c\n'];
const COLUMNS = ['loss', 'acc', '__proto__', 'constructor', '$n', 'NaN', '', 'ünï'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function randomNumber(rand: () => number): number {
  if (rand() < 0.25) return pick(rand, SPECIAL_NUMBERS);
  return (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
}

function randomCell(rand: () => number): Cell {
  const r = rand();
  if (r < 0.4) return randomNumber(rand);
  if (r < 0.7) return pick(rand, TRICKY_STRINGS);
  return r < 0.85 ? rand() < 0.5 : null;
}

function randomRow(rand: () => number): Row {
  // fromEntries defines own properties, so "__proto__" is a real column here.
  return Object.fromEntries(COLUMNS.filter(() => rand() < 0.6).map((c) => [c, randomCell(rand)]));
}

function randomPoint(rand: () => number, value: MetricValue): MetricPoint {
  const time = 1.7e12 + rand() * 1e9;
  const r = rand();
  if (r < 0.2) return { time, value };
  const step = r < 0.3 ? pick(rand, [2 ** 53, -(2 ** 53), 2 ** 53 - 1, 0]) : Math.floor(rand() * 1e6) - 1000;
  return { step, time, value };
}

function randomSeries(seed: number, makeValue: (rand: () => number) => MetricValue): MetricPoint[] {
  const rand = seeded(seed);
  return Array.from({ length: Math.floor(rand() * 400) + 1 }, () => randomPoint(rand, makeValue(rand)));
}

function bytesOf(numbers: Float64Array): Uint8Array {
  return new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength);
}

/**
 * The first difference between two values as a path, or null: Object.is on primitives (so -0 ≠ 0 and
 * NaN = NaN), own keys in order, prototypes. toStrictEqual cannot be used: it compares `.constructor`,
 * which for a row with a "constructor" column of NaN is never equal.
 */
function difference(actual: unknown, expected: unknown, path = '$'): string | null {
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    return Object.is(actual, expected) ? null : `${path}: got ${show(actual)}, want ${show(expected)}`;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${path}: prototypes differ`;
  const [got, want] = [Object.keys(actual), Object.keys(expected)];
  if (got.join('\0') !== want.join('\0')) return `${path}: keys ${show(got)}, want ${show(want)}`;
  for (const key of want) {
    const found = difference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

function show(value: unknown): string {
  return typeof value === 'number' ? (Object.is(value, -0) ? '-0' : String(value)) : JSON.stringify(value);
}

function expectSame(actual: unknown, expected: unknown): void {
  expect(difference(actual, expected)).toBeNull();
}

describe('the comparison the round-trip tests rely on', () => {
  it('tells -0 from 0, a missing step from a present one, and reordered columns; NaN equals NaN', () => {
    expect(difference([{ time: 1, value: -0 }], [{ time: 1, value: 0 }])).toBe('$.0.value: got -0, want 0');
    expect(difference([{ time: 1, value: 1 }], [{ step: 0, time: 1, value: 1 }])).toMatch(/keys/);
    expect(difference({ a: 1, b: 2 }, { b: 2, a: 1 })).toMatch(/keys/);
    expect(difference({ a: '1' }, { a: 1 })).toMatch(/got "1", want 1/);
    expect(difference([{ time: 1, value: { constructor: NaN } }], [{ time: 1, value: { constructor: NaN } }])).toBeNull();
  });
});

describe('encodeChunk / decodeChunk', () => {
  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('round-trips a random numeric series exactly (seed %i)', (seed) => {
    const points = randomSeries(seed, randomNumber);
    const chunk = encodeChunk(points);
    expect(chunk.encoding).toBe('numeric');
    expect(chunk.count).toBe(points.length);
    expectSame(decodeChunk(chunk.payload), points);
  });

  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('round-trips random mixed cells through JSON (seed %i)', (seed) => {
    const points = randomSeries(seed, randomCell);
    points.push({ step: 1, time: 2, value: 'NaN' }); // at least one string, so the chunk is JSON
    const chunk = encodeChunk(points);
    expect(chunk.encoding).toBe('json');
    expectSame(decodeChunk(chunk.payload), points);
  });

  it.each(Array.from({ length: 20 }, (_, i) => i + 1))('round-trips random table rows (seed %i)', (seed) => {
    const points = randomSeries(seed, randomRow);
    expectSame(decodeChunk(encodeChunk(points).payload), points);
  });

  it('keeps a string "NaN" a string and a number NaN a number, in one chunk', () => {
    const points: MetricPoint[] = [
      { time: 1, value: 'NaN' },
      { time: 2, value: NaN },
      { time: 3, value: '-0' },
      { time: 4, value: -0 },
    ];
    const decoded = decodeChunk(encodeChunk(points).payload);
    expectSame(decoded.map((p) => p.value), ['NaN', NaN, '-0', -0]);
  });

  it('keeps table columns named like tags or like Object.prototype members as plain columns', () => {
    const row = Object.fromEntries([['__proto__', NaN], ['constructor', 'x'], ['$n', 'NaN']]) as Row;
    const [decoded] = decodeChunk(encodeChunk([{ time: 1, value: row }]).payload);
    const value = decoded!.value as Row;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.keys(value)).toStrictEqual(['__proto__', 'constructor', '$n']);
    expect(value['__proto__']).toBeNaN();
  });

  it('stores a step or time of -0 as 0 in both encodings, since JSON cannot keep it', () => {
    for (const value of [1, 'a']) {
      const [point] = decodeChunk(encodeChunk([{ step: -0, time: -0, value }]).payload);
      expectSame(point, { step: 0, time: 0, value });
    }
  });

  it('round-trips image paths and an empty chunk', () => {
    const images: MetricPoint[] = [{ step: 3, time: 1, value: 'outputs/images/sample 3.png' }];
    expectSame(decodeChunk(encodeChunk(images).payload), images);
    expect(decodeChunk(encodeChunk([]).payload)).toStrictEqual([]);
  });

  it('stores a series without steps in two columns, 16 bytes a point', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ time: i, value: i }));
    expect(encodeChunk(points).payload.length).toBe(8 + 16 * 10);
    expect(encodeChunk([...points, { step: 1, time: 1, value: 1 }]).payload.length).toBe(8 + 24 * 11);
  });

  it('gives the same bytes for the same points', () => {
    const points = randomSeries(7, randomCell);
    expect(encodeChunk(points).payload).toStrictEqual(encodeChunk(structuredClone(points)).payload);
  });
});

describe('chunk summary', () => {
  it('takes the step range and the range of finite values of a numeric chunk', () => {
    const chunk = encodeChunk([
      { step: 5, time: 1, value: NaN },
      { step: 2, time: 2, value: -3 },
      { time: 3, value: Infinity },
      { step: 9, time: 4, value: 7.5 },
      { step: 4, time: 5, value: -Infinity },
    ]);
    expect(chunk).toMatchObject({ count: 5, firstStep: 2, lastStep: 9, minValue: -3, maxValue: 7.5 });
  });

  it('gives null bounds when nothing qualifies', () => {
    expect(encodeChunk([{ time: 1, value: NaN }, { time: 2, value: Infinity }])).toMatchObject({
      firstStep: null, lastStep: null, minValue: null, maxValue: null,
    });
    expect(encodeChunk([{ step: 1, time: 1, value: { loss: 3 } }])).toMatchObject({ firstStep: 1, minValue: null });
    expect(encodeChunk([])).toMatchObject({ count: 0, firstStep: null, minValue: null });
  });

  it('takes the range of the numbers among other cells in a JSON chunk', () => {
    const chunk = encodeChunk([
      { step: 3, time: 1, value: 'a' },
      { step: 1, time: 2, value: 4 },
      { time: 3, value: -Infinity },
      { step: 2, time: 4, value: -1 },
      { time: 5, value: true },
    ]);
    expect(chunk).toMatchObject({ encoding: 'json', count: 5, firstStep: 1, lastStep: 3, minValue: -1, maxValue: 4 });
  });
});

describe('decodeNumericColumns', () => {
  it('returns the columns, NaN for a missing step', () => {
    const columns = decodeNumericColumns(encodeChunk([
      { step: 2 ** 53, time: 10.5, value: -0 },
      { time: 11, value: Infinity },
    ]).payload);
    expect(columns).not.toBeNull();
    expect([...columns!.steps]).toStrictEqual([2 ** 53, NaN]);
    expect([...columns!.times]).toStrictEqual([10.5, 11]);
    expectSame([...columns!.values], [-0, Infinity]);
  });

  it('returns null for a chunk that is not all numbers', () => {
    expect(decodeNumericColumns(encodeChunk([{ time: 1, value: 1 }, { time: 2, value: null }]).payload)).toBeNull();
  });

  it('reads a payload that sits at an odd offset of a larger buffer, and does not alias it', () => {
    const points = randomSeries(3, randomNumber);
    const { payload } = encodeChunk(points);
    const pool = Buffer.alloc(payload.length + 3);
    pool.set(payload, 3);
    const view = pool.subarray(3);
    const columns = decodeNumericColumns(view)!;
    expectSame([...columns.values], points.map((p) => p.value));
    expectSame(decodeChunk(view), points);
    view.fill(0, 8);
    expect([...columns.times]).toStrictEqual(points.map((p) => p.time));
  });

  it('views an aligned payload without copying (viewNumericColumns), and copies one at an odd offset', () => {
    const points = randomSeries(5, randomNumber);
    const { payload } = encodeChunk(points);
    const viewed = viewNumericColumns(payload)!;
    expectSame([...viewed.values], points.map((p) => p.value));
    expect(viewed.values.buffer).toBe(payload.buffer);
    const pool = Buffer.alloc(payload.length + 3);
    pool.set(payload, 3);
    const copied = viewNumericColumns(pool.subarray(3))!;
    expect(copied.values.buffer).not.toBe(pool.buffer);
    expectSame([...copied.values], points.map((p) => p.value));
    expect(viewNumericColumns(encodeChunk([{ time: 1, value: 'x' }]).payload)).toBeNull();
  });

  it('keeps the bits of a NaN as stored', () => {
    const { payload } = encodeChunk([{ time: 1, value: NaN }]);
    const oddNaN = new Uint8Array([1, 0, 0, 0, 0, 0, 0xf8, 0x7f]); // quiet NaN with payload 1, little-endian
    payload.set(oddNaN, 16); // header 8 bytes, then times, then values
    expect(bytesOf(decodeNumericColumns(payload)!.values)).toStrictEqual(oddNaN);
  });
});

describe('appendChunk', () => {
  it('gives the bytes encodeChunk gives for all the points, whatever the encodings', () => {
    const numbers = randomSeries(11, randomNumber);
    const mixed = randomSeries(12, randomCell);
    const noSteps = numbers.map(({ time, value }) => ({ time, value }));
    for (const [first, second] of [[numbers, numbers], [noSteps, numbers], [numbers, noSteps], [numbers, mixed], [mixed, numbers]]) {
      const appended = appendChunk(encodeChunk(first!).payload, second!);
      expect(appended).toStrictEqual(encodeChunk([...first!, ...second!]));
    }
  });
});

describe('corrupt payloads', () => {
  const good = () => encodeChunk([{ step: 1, time: 1, value: 1 }, { step: 2, time: 2, value: 2 }]).payload;
  const goodJson = () => encodeChunk([{ time: 1, value: 'a' }, { time: 2, value: 'b' }]).payload;
  const withByte = (payload: Uint8Array, at: number, byte: number) => {
    payload[at] = byte;
    return payload;
  };
  const withBody = (body: string, count = 1) => {
    const payload = goodJson();
    const bytes = Buffer.concat([payload.subarray(0, 8), Buffer.from(body)]);
    bytes.writeUInt32LE(count, 4);
    return bytes;
  };

  it.each([
    ['an empty payload', new Uint8Array(0), /shorter than the header/],
    ['a wrong magic byte', withByte(good(), 0, 0x7b), /bad magic byte 0x7b/],
    ['an unknown version', withByte(good(), 1, 2), /unknown format version 2/],
    ['an unknown encoding', withByte(good(), 2, 9), /unknown encoding 9/],
    ['unknown flags', withByte(good(), 3, 0x81), /bad flags/],
    ['a truncated numeric body', good().subarray(0, 40), /need 56 bytes, payload has 40/],
    ['a count that disagrees with a numeric body', withByte(good(), 4, 3), /3 numeric points need/],
    ['a body that is not JSON', withBody('[[null,1,"a"'), /not UTF-8 JSON/],
    ['a body that is not UTF-8', withBody('\u0000').fill(0xff, 8), /not UTF-8 JSON/],
    ['a count that disagrees with a JSON body', withBody('[[null,1,"a"]]', 2), /header says 2 points, body holds 1/],
    ['a tuple of the wrong shape', withBody('[[null,"1","a"]]'), /point 0 is not a \[step, time, value\] tuple/],
    ['an unknown tag', withBody('[[null,1,["Foo"]]]'), /unknown tagged value \["Foo"\]/],
    ['a tag named like an Object member', withBody('[[null,1,["toString"]]]'), /unknown tagged value/],
  ])('rejects %s with a clear error', (_name, payload, message) => {
    expect(() => decodeChunk(payload)).toThrow(/^metric chunk is corrupt: /);
    expect(() => decodeChunk(payload)).toThrow(message);
  });

  it('checks the header in readChunkHeader and decodeNumericColumns too', () => {
    expect(readChunkHeader(good())).toStrictEqual({ version: 1, encoding: 'numeric', count: 2, hasSteps: true });
    expect(() => decodeNumericColumns(withByte(good(), 0, 0))).toThrow(/metric chunk is corrupt/);
  });
});

describe('points the codec refuses', () => {
  it.each<[string, MetricPoint]>([
    ['a fractional step', { step: 1.5, time: 1, value: 1 }],
    ['a step beyond 2^53', { step: 2 ** 54, time: 1, value: 1 }],
    ['a NaN step', { step: NaN, time: 1, value: 1 }],
    ['a NaN time', { time: NaN, value: 1 }],
    ['an infinite time in a JSON chunk', { time: Infinity, value: 'a' }],
    ['an array value', { time: 1, value: ['NaN'] as unknown as Cell }],
    ['an undefined value', { time: 1, value: undefined as unknown as Cell }],
    ['a Date value', { time: 1, value: new Date(0) as unknown as Cell }],
    ['a nested row', { time: 1, value: { a: { b: 1 } } as unknown as Row }],
    ['an undefined cell', { time: 1, value: { a: undefined } as unknown as Row }],
  ])('rejects %s', (_name, point) => {
    expect(() => encodeChunk([point])).toThrow(/metric (step|time)|unsupported metric value/);
  });
});
