/**
 * An endpoint's deployments and the traffic split between them. Replacing a deployment starts the
 * new runtime, switches traffic to it only once it is Healthy, then drains the old one: no request
 * fails during an update.
 */
import type { ScoreOutcome } from './outcome.js';
import { messageBody } from './outcome.js';
import type { Scorer } from './scorer.js';
import type { ScoringRequest } from './v1-protocol.js';

/** Routes an endpoint's requests to its deployments by weight. */
export class EndpointRouter {
  private readonly deployments = new Map<string, Scorer>();
  private weights: [string, number][] = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** The runtime serving a deployment, if any. */
  get(name: string): Scorer | undefined {
    return this.deployments.get(name);
  }

  /** Deployment names and their runtimes. */
  entries(): [string, Scorer][] {
    return [...this.deployments];
  }

  /** Sets the traffic split (percent per deployment; deployments left out get none). */
  setTraffic(traffic: Record<string, number>): void {
    this.weights = Object.entries(traffic).filter(([, w]) => w > 0);
  }

  /** Starts `scorer` for `name`; once Healthy it replaces (and drains) the previous one. Returns its state. */
  async deploy(name: string, scorer: Scorer): Promise<ReturnType<Scorer['status']>> {
    const state = await scorer.start();
    if (state !== 'Healthy') {
      const status = scorer.status();
      await scorer.stopAll();
      return status;
    }
    const previous = this.deployments.get(name);
    this.deployments.set(name, scorer);
    if (previous) await previous.drain();
    return scorer.status();
  }

  /** Stops and forgets a deployment. */
  async remove(name: string): Promise<void> {
    const scorer = this.deployments.get(name);
    this.deployments.delete(name);
    await scorer?.drain();
  }

  /** Picks a deployment by weight (or the one named) and scores the body there. */
  score(body: Buffer, deployment?: string, request?: ScoringRequest): Promise<ScoreOutcome> {
    const name = deployment ?? this.pick();
    const scorer = name === undefined ? undefined : this.deployments.get(name);
    if (!scorer) return Promise.resolve({ status: 503, body: messageBody('No deployment of this endpoint is serving traffic'), retryAfter: 1 });
    return scorer.score(body, request);
  }

  private pick(): string | undefined {
    let roll = this.random() * this.weights.reduce((n, [, w]) => n + w, 0);
    for (const [name, weight] of this.weights) {
      roll -= weight;
      if (roll < 0) return name;
    }
    return this.weights.at(-1)?.[0];
  }

  /** Stops every deployment now. */
  async close(): Promise<void> {
    await Promise.all([...this.deployments.values()].map((s) => s.stopAll()));
    this.deployments.clear();
  }
}
