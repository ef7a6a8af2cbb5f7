/**
 * Chooses a deployment's replica count from its utilisation (busy + queued over capacity), as
 * v1's router does: above the target for about a second → more replicas; below it for a quiet
 * period (a minute by default) → one fewer; never outside min and max.
 */

/** Scale settings of a deployment. */
export interface ScaleSettings {
  minReplicas: number;
  maxReplicas: number;
  /** Percent of capacity the autoscaler aims for. */
  targetUtilization: number;
  maxConcurrentRequestsPerReplica: number;
  /** How long demand must stay above target before scaling out (default 1 s). */
  scaleOutAfterMs?: number;
  /** How long demand must stay below target before scaling in (default 60 s). */
  scaleInAfterMs?: number;
  /** Sampling period (default 100 ms). */
  tickMs?: number;
}

/** What the pool reports at each tick. */
export interface Load {
  busy: number;
  queued: number;
  replicas: number;
  /** Replicas still in init(): no further scale-out until they are up. */
  starting: number;
}

/** Samples load and asks for a new replica count when it should change. */
export class Autoscaler {
  private timer: NodeJS.Timeout | undefined;
  private samples: { at: number; demand: number }[] = [];
  private belowSince: number | null = null;

  constructor(private readonly settings: ScaleSettings, private readonly now: () => number, private readonly scaleTo: (replicas: number) => void) {}

  /** Starts sampling `load` every tick. */
  start(load: () => Load): void {
    if (this.settings.minReplicas === this.settings.maxReplicas) return;
    this.timer = setInterval(() => this.tick(load()), this.settings.tickMs ?? 100);
    this.timer.unref();
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Replicas needed for a demand at the target utilisation, within min and max. */
  desired(demand: number): number {
    const perReplica = (this.settings.maxConcurrentRequestsPerReplica * this.settings.targetUtilization) / 100;
    const needed = Math.ceil(demand / perReplica);
    return Math.min(this.settings.maxReplicas, Math.max(this.settings.minReplicas, needed));
  }

  private tick(load: Load): void {
    const at = this.now();
    const window = this.settings.scaleOutAfterMs ?? 1000;
    this.samples.push({ at, demand: load.busy + load.queued });
    this.samples = this.samples.filter((s) => s.at > at - window);
    const mean = this.samples.reduce((n, s) => n + s.demand, 0) / this.samples.length;
    const wanted = this.desired(mean);
    if (wanted > load.replicas) {
      this.belowSince = null;
      // One second of samples, and the previous scale-out finished.
      if (load.starting === 0 && this.samples[0]!.at <= at - window + (this.settings.tickMs ?? 100)) this.scaleTo(wanted);
      return;
    }
    if (wanted >= load.replicas) {
      this.belowSince = null;
      return;
    }
    this.belowSince ??= at;
    if (at - this.belowSince >= (this.settings.scaleInAfterMs ?? 60_000)) {
      this.belowSince = null;
      this.scaleTo(load.replicas - 1);
    }
  }
}
