/** Executions of submitted runs: the dispatch queue, its leases, backend handles and heartbeats. */
import type { RunConfig } from '@cairn/api';
import type { BackendHandle } from './compute-backend.js';

export type ExecutionPhase = 'queued' | 'starting' | 'started' | 'ended';

export interface ExecutionRecord {
  runId: string;
  workspaceId: number;
  workspace: string;
  target: string;
  runConfig: RunConfig;
  snapshotId: string;
  /** Resolved environment spec; null for `system`. */
  environment: unknown;
  phase: ExecutionPhase;
  queuedAt: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  handle: BackendHandle | null;
  tokenId: string | null;
  lastHeartbeatAt: number | null;
  cancelRequested: boolean;
}

export type NewExecution = Pick<ExecutionRecord, 'runId' | 'workspaceId' | 'target' | 'runConfig' | 'snapshotId' | 'environment' | 'queuedAt'>;

export interface ExecutionStore {
  create(execution: NewExecution): Promise<void>;
  get(runId: string): Promise<ExecutionRecord | null>;
  /** Executions of `target` whose run is still `Queued`, oldest first. */
  queued(target: string): Promise<ExecutionRecord[]>;
  /** Executions of `target` leased or started whose run has not ended. */
  active(target: string): Promise<ExecutionRecord[]>;
  /**
   * Leases a queued execution (or one whose start lease expired) to `owner` until `expiresAt`;
   * false when another dispatcher holds it or it has moved on.
   */
  claim(runId: string, owner: string, now: number, expiresAt: number): Promise<boolean>;
  /** Records the started runner's handle; false when `owner` no longer holds the lease. */
  markStarted(runId: string, owner: string, handle: BackendHandle, tokenId: string, now: number): Promise<boolean>;
  /** Gives a lease back (the start failed before anything ran). */
  release(runId: string, owner: string): Promise<void>;
  setPhase(runId: string, phase: ExecutionPhase): Promise<void>;
  heartbeat(runId: string, now: number): Promise<void>;
  requestCancel(runId: string): Promise<void>;
  /** Leased or started executions, of every target, whose run has ended: their tokens are to be revoked. */
  ended(): Promise<ExecutionRecord[]>;
  /** Started executions, of every target, whose run has not ended and whose last heartbeat is older than `before`. */
  silentSince(before: number): Promise<ExecutionRecord[]>;
}
