import type { Run } from '@cairn/api';
import type { RunRecord } from './run-store.js';

/** The API view of a run; `now` ends the duration of a run still going. */
export function toApiRun(run: RunRecord, workspace: string, now: number): Run {
  return {
    id: run.id, workspace, experiment: run.experiment, number: run.number, displayName: run.displayName,
    description: run.description, type: run.type, status: run.status, statusReason: run.statusReason,
    parentRunId: run.parentRunId, rootRunId: run.rootRunId, computeTarget: run.computeTarget, createdBy: run.createdBy,
    createdAt: run.createdAt, startedAt: run.startedAt, endedAt: run.endedAt,
    durationSeconds: run.startedAt === null ? null : Math.max(0, (run.endedAt ?? now) - run.startedAt) / 1000,
    tags: run.tags, properties: run.properties, error: run.error,
  };
}
