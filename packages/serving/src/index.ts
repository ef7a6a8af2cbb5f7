/** Serving: replicas, the gateway's pool and router, autoscaling, telemetry and ONNX scoring. */
export { LocalReplicaLauncher, REPLICA_HOST, ReplicaGone, type ReplicaHandle, type ReplicaLauncher, type ReplicaMode, type ReplicaSpec } from './replica.js';
export { ReplicaPool, type DeploymentState, type PoolSettings } from './replica-pool.js';
export { Autoscaler, type ScaleSettings } from './autoscaler.js';
export { Telemetry, prometheusText, type TelemetrySnapshot } from './telemetry.js';
export { messageBody, notUtf8, type ScoreOutcome } from './outcome.js';
export { OnnxScorer } from './onnx-scorer.js';
export { EndpointRouter } from './router.js';
export type { Scorer } from './scorer.js';
export { answerScoring, queryAsJson, refusal, SERVER_VERSION, type ScoreFunction, type ScoringRequest, type ScoringResponse } from './v1-protocol.js';
export { gatewayHandler, readBody, serveScoring, type GatewayOptions } from './node-gateway.js';
