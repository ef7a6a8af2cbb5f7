/** Anything that scores a request body: a pool of Python replicas, or an in-process ONNX session. */
import type { ScoreOutcome } from './outcome.js';
import type { DeploymentState } from './replica-pool.js';
import type { Telemetry } from './telemetry.js';
import type { ScoringRequest } from './v1-protocol.js';

/** The runtime of one deployment as the router sees it. */
export interface Scorer {
  readonly telemetry: Telemetry;
  /** Starts the deployment; resolves Healthy or Failed. */
  start(): Promise<DeploymentState>;
  /** Scores `body` (what a plain run() gets); `request` is the HTTP request it came in, when there is one. */
  score(body: Buffer, request?: ScoringRequest): Promise<ScoreOutcome>;
  status(): { state: DeploymentState; error: string | null; replicas: number; ready: number; busy: number; queued: number };
  /** Finishes queued and in-flight requests, then stops. */
  drain(): Promise<void>;
  /** Stops now. */
  stopAll(): Promise<void>;
}
