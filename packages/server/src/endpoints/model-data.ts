/**
 * `--collect-model-data`: samples a deployment's requests and answers into the endpoint's record
 * (the last ones in memory, all of them in `<dir>/model-data.jsonl`). At most `perSecond` requests a
 * second are kept, so collection costs little under load.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ScoreOutcome, Scorer } from '@cairn/serving';

const KEPT = 1000;
/** Longest input or output text kept per record. */
const MAX_TEXT = 64 * 1024;

/** One sampled request. */
export interface ModelDataRecord {
  at: number;
  deployment: string;
  status: number;
  input: string;
  output: string;
}

/** The samples of one endpoint. */
export class ModelDataLog {
  private readonly records: ModelDataRecord[] = [];
  private file: WriteStream | null = null;

  constructor(private readonly dir: string) {}

  add(record: ModelDataRecord): void {
    this.records.push(record);
    if (this.records.length > KEPT) this.records.shift();
    if (!this.file) {
      mkdirSync(this.dir, { recursive: true });
      this.file = createWriteStream(join(this.dir, 'model-data.jsonl'), { flags: 'a' });
    }
    this.file.write(`${JSON.stringify(record)}\n`);
  }

  /** The last `tail` samples, one deployment or all. */
  read(deployment: string | undefined, tail: number): ModelDataRecord[] {
    return this.records.filter((r) => deployment === undefined || r.deployment === deployment).slice(-tail);
  }

  close(): void {
    this.file?.end();
  }
}

/** `scorer`, recording up to `perSecond` requests a second of deployment `deployment` into `log`. */
export function collecting(scorer: Scorer, deployment: string, log: ModelDataLog, now: () => number = Date.now, perSecond = 10): Scorer {
  let second = 0;
  let taken = 0;
  const sample = (body: Buffer, outcome: ScoreOutcome): void => {
    const at = now();
    if (Math.floor(at / 1000) !== second) [second, taken] = [Math.floor(at / 1000), 0];
    if (taken >= perSecond) return;
    taken += 1;
    log.add({ at, deployment, status: outcome.status, input: body.toString('utf8', 0, MAX_TEXT), output: outcome.body.toString('utf8', 0, MAX_TEXT) });
  };
  return {
    telemetry: scorer.telemetry,
    start: () => scorer.start(),
    status: () => scorer.status(),
    drain: () => scorer.drain(),
    stopAll: () => scorer.stopAll(),
    score: async (body) => {
      const outcome = await scorer.score(body);
      sample(body, outcome);
      return outcome;
    },
  };
}
