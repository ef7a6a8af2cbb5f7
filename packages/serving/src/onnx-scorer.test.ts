import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxScorer } from './onnx-scorer.js';
import { linearOnnxModel } from './test-support/onnx-model.js';

let scorer: OnnxScorer;
const json = (b: Buffer) => JSON.parse(b.toString());

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cairn-onnx-')), 'model.onnx');
  writeFileSync(file, linearOnnxModel());
  scorer = new OnnxScorer(file);
  expect(await scorer.start()).toBe('Healthy');
});
afterAll(() => scorer.stopAll());

describe('no-code ONNX scoring in the gateway process', () => {
  it('scores {"data": [[…]]} through the first input and output', async () => {
    const outcome = await scorer.score(Buffer.from(JSON.stringify({ data: [[1, 1], [0, 2]] })));
    expect(outcome.status).toBe(200);
    expect(json(outcome.body)).toEqual([[6], [7]]);
  });

  it('scores named inputs and answers outputs by name', async () => {
    const outcome = await scorer.score(Buffer.from(JSON.stringify({ X: [[2, 0]] })));
    expect(json(outcome.body)).toEqual({ Y: [[5]] });
  });

  it('answers 400 for input that is not a rectangular array of numbers or misses an input', async () => {
    expect((await scorer.score(Buffer.from('{"data": [[1, "a"]]}'))).status).toBe(400);
    expect((await scorer.score(Buffer.from('not json'))).status).toBe(400);
    const missing = await scorer.score(Buffer.from('{"Z": [[1, 2]]}'));
    expect(json(missing.body).message).toBe("A value is not provided for the 'X' parameter.");
  });

  it('answers 500 when the shape does not fit the model', async () => {
    expect((await scorer.score(Buffer.from('{"data": [[1, 2, 3]]}'))).status).toBe(500);
  });

  it('fails to start on a file that is not a model', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cairn-onnx-')), 'bad.onnx');
    writeFileSync(file, 'nope');
    const bad = new OnnxScorer(file);
    expect(await bad.start()).toBe('Failed');
    expect(bad.status().error).toMatch(/cannot load the ONNX model/);
  });
});

describe('micro-batching concurrent requests into one run', () => {
  const request = (rows: number[][]) => Buffer.from(JSON.stringify({ data: rows }));
  const rowsFor = (i: number) => Array.from({ length: 1 + (i % 3) }, (_, r) => [i + r, i * 0.5 - r]);

  it('answers every request of a batch exactly what it gets alone', async () => {
    const alone = [];
    for (let i = 0; i < 40; i += 1) alone.push(json((await scorer.score(request(rowsFor(i)))).body));
    const before = { ...scorer.batching };
    const together = await Promise.all(Array.from({ length: 40 }, (_, i) => scorer.score(request(rowsFor(i)))));
    expect(together.map((o) => o.status)).toEqual(Array(40).fill(200));
    expect(together.map((o) => json(o.body))).toEqual(alone);
    // 40 requests sent in one turn share far fewer runs than 40.
    expect(scorer.batching.runs - before.runs).toBeLessThan(5);
    expect(scorer.batching.requests - before.requests).toBe(40);
  });

  it('keeps errors per request: a bad neighbour fails alone', async () => {
    const outcomes = await Promise.all([
      scorer.score(request([[1, 1]])),
      scorer.score(Buffer.from('{"data": [[1, 2, 3]]}')),
      scorer.score(Buffer.from('{"data": [[1, "x"]]}')),
      scorer.score(Buffer.from(JSON.stringify({ X: [[2, 0], [0, 1]] }))),
      scorer.score(request([[0, 2]])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([200, 500, 400, 200, 200]);
    expect(json(outcomes[0]!.body)).toEqual([[6]]);
    expect(json(outcomes[3]!.body)).toEqual({ Y: [[5], [4]] });
    expect(json(outcomes[4]!.body)).toEqual([[7]]);
  });
});
