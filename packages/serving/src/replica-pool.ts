/**
 * The replicas of one deployment and the gateway's rules in front of them: a bounded queue, the
 * queue wait limit (503 + Retry-After), the scoring timeout (504, the replica restarted), a dying
 * replica replaced (its in-flight request 502, queued ones served elsewhere), and autoscaling
 * between min and max from utilisation = busy / capacity.
 */
import { ReplicaGone, type ReplicaLauncher, type ReplicaSpec } from './replica.js';
import { Slot, type Flight } from './replica-slot.js';
import { monotonicSeconds } from './frames.js';
import { Telemetry } from './telemetry.js';
import { Autoscaler, type ScaleSettings } from './autoscaler.js';
import { messageBody, type ScoreOutcome } from './outcome.js';
import { refusal, type ScoringRequest } from './v1-protocol.js';
import type { Scorer } from './scorer.js';
import { DeadlineQueue, type Expiring } from './deadlines.js';

/** A deployment's state, as v1 names it. */
export type DeploymentState = 'Transitioning' | 'Healthy' | 'Unhealthy' | 'Failed';

/** How a deployment's replicas are run and guarded. */
export interface PoolSettings extends ScaleSettings {
  maxConcurrentRequestsPerReplica: number;
  maxQueueWaitMs: number;
  scoringTimeoutMs: number;
  /** Queue bound; default 2 × replicas × concurrency. */
  queueSize?: number;
  /** Consecutive init() failures after which the deployment is Failed. */
  maxInitFailures?: number;
}

/** A request waiting in the queue for a free replica. */
interface Waiter extends Expiring {
  body: Buffer;
  request: ScoringRequest | undefined;
  enqueuedAt: number;
  resolve: (outcome: ScoreOutcome) => void;
}

const CHECK_LOGS = 'Check the logs for more info.';

/** The replicas of one deployment. */
export class ReplicaPool implements Scorer {
  readonly telemetry: Telemetry;
  private readonly slots = new Set<Slot>();
  private readonly queue: Waiter[] = [];
  private readonly autoscaler: Autoscaler;
  private state: DeploymentState = 'Transitioning';
  private failure: string | null = null;
  private initFailures = 0;
  private stopped = false;
  private counter = 0;
  private readonly settledListeners: (() => void)[] = [];
  private readonly spec: ReplicaSpec;
  // One timer each for queue waits and scoring timeouts, not one per request.
  private readonly waits: DeadlineQueue<Waiter>;
  private readonly flights: DeadlineQueue<Flight>;

  constructor(
    readonly name: string,
    spec: ReplicaSpec,
    private readonly settings: PoolSettings,
    private readonly launcher: ReplicaLauncher,
    private readonly log: (replica: string, line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.spec = { ...spec, concurrency: settings.maxConcurrentRequestsPerReplica };
    this.telemetry = new Telemetry(now);
    this.waits = new DeadlineQueue(now, (waiter) => this.expire(waiter));
    this.flights = new DeadlineQueue(now, (flight) => this.timeOut(flight));
    this.autoscaler = new Autoscaler(settings, now, (target) => this.scaleTo(target));
  }

  /** Starts the minimum replicas; resolves when the deployment is Healthy or Failed. */
  async start(): Promise<DeploymentState> {
    for (let i = 0; i < this.settings.minReplicas; i += 1) this.launch();
    this.autoscaler.start(() => this.load());
    await new Promise<void>((resolve) => this.settledListeners.push(resolve));
    return this.state;
  }

  /** Current state and, when Failed, the end of the replica's log. */
  status(): { state: DeploymentState; error: string | null; replicas: number; ready: number; busy: number; queued: number } {
    const live = [...this.slots].filter((s) => !s.draining);
    return { state: this.state, error: this.failure, replicas: live.length, ready: live.filter((s) => s.ready).length, ...this.demand() };
  }

  /** Scores one body (`request`: the HTTP request it came in): a free replica now, else the bounded queue, else 503. */
  score(body: Buffer, request?: ScoringRequest): Promise<ScoreOutcome> {
    const started = this.now();
    const free = this.freeSlot('run');
    if (free) return new Promise((resolve) => this.dispatch(free, body, request, started, resolve));
    if (this.stopped || this.state === 'Failed') return Promise.resolve(this.finish(started, 0, unavailable('The service is not available')));
    if (this.demand().queued >= this.queueBound()) return Promise.resolve(this.finish(started, 0, unavailable('The service is busy: the request queue is full')));
    const ahead = this.queue.length === 0 ? this.freeSlot('ahead') : undefined;
    if (ahead) return new Promise((resolve) => this.dispatch(ahead, body, request, started, resolve));
    return new Promise((resolve) => {
      const waiter: Waiter = { body, request, enqueuedAt: started, resolve, settled: false };
      this.queue.push(waiter);
      this.waits.add(waiter, started + this.settings.maxQueueWaitMs);
    });
  }

  private queueBound(): number {
    return this.settings.queueSize ?? 2 * Math.max(1, this.liveCount()) * this.settings.maxConcurrentRequestsPerReplica;
  }

  private liveCount(): number {
    let live = 0;
    for (const slot of this.slots) if (!slot.draining) live += 1;
    return live;
  }

  private expire(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index < 0) return;
    this.queue.splice(index, 1);
    waiter.settled = true;
    waiter.resolve(this.finish(waiter.enqueuedAt, this.now() - waiter.enqueuedAt, this.waitedTooLong(waiter.enqueuedAt)));
  }

  private waitedTooLong(enqueuedAt: number): ScoreOutcome {
    return unavailable(`The request waited ${this.now() - enqueuedAt} ms for a free replica, over the ${this.settings.maxQueueWaitMs} ms limit`);
  }

  /** Puts requests a replica will not run back at the head of the queue, in their order. */
  private requeue(flights: Flight[]): void {
    if (flights.length === 0) return;
    const waiters = flights.map((f): Waiter => ({ body: f.body, request: f.request, enqueuedAt: f.enqueuedAt, resolve: f.resolve, settled: false }));
    this.queue.unshift(...waiters);
    // Their wait starts again: deadlines in the timer's FIFO must not go backwards.
    for (const waiter of waiters) this.waits.add(waiter, this.now() + this.settings.maxQueueWaitMs);
    this.pump();
  }

  /** The least loaded replica with a free worker ('run'), or one taking a request ahead. */
  private freeSlot(kind: 'run' | 'ahead'): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.accepts() !== kind) continue;
      if (!best || slot.sent.length < best.sent.length) best = slot;
    }
    return best;
  }

  /** Requests on replicas (busy) and waiting for one (queued: the pool's queue and frames sent ahead). */
  private demand(): { busy: number; queued: number } {
    let busy = 0;
    let queued = this.queue.length;
    for (const slot of this.slots) {
      if (slot.draining) continue;
      busy += slot.running();
      queued += slot.waiting();
    }
    return { busy, queued };
  }

  /** Sends the body to `slot`; `resolve` gets the replica's answer, a 502, or a 504 at the timeout. */
  private dispatch(slot: Slot, body: Buffer, request: ScoringRequest | undefined, enqueuedAt: number, resolve: (outcome: ScoreOutcome) => void): void {
    const now = this.now();
    // Which checks apply depends on how run() takes requests, which its replica reported at start.
    const refused = refusal(slot.handle.mode, body, request);
    if (refused) return resolve(this.finish(enqueuedAt, now - enqueuedAt, refused));
    const ahead = slot.accepts() === 'ahead';
    const flight: Flight = { slot, body, request, enqueuedAt, queueWait: now - enqueuedAt, ahead, resolve, settled: false };
    slot.sent.push(flight);
    // A frame sent ahead waits in the replica: it must not start once its queue wait is over.
    const notAfter = ahead ? monotonicSeconds() + (enqueuedAt + this.settings.maxQueueWaitMs - now) / 1000 : undefined;
    this.flights.add(flight, now + this.settings.scoringTimeoutMs);
    // A @rawhttp run() gets the HTTP request; a body scored without one (`cairn endpoint invoke`) comes as a JSON POST.
    const http = slot.handle.mode !== 'raw' ? undefined : request ?? { method: 'POST', path: '/score', headers: { 'content-type': 'application/json' }, body };
    slot.handle.score(http ? http.body : body, notAfter, http && { method: http.method, path: http.path, headers: withoutCredentials(http.headers) }).then(
      (frame) => this.land(flight, flight.ahead && frame.status === 503 ? this.waitedTooLong(enqueuedAt) : { status: frame.status, body: frame.body, runMicros: frame.runMicros, headers: frame.headers }),
      (error: unknown) => this.land(flight, badGateway(error)),
    );
  }

  /** The answer of a request on a replica, unless its timeout already answered it. */
  private land(flight: Flight, outcome: ScoreOutcome): void {
    if (flight.settled) return;
    flight.settled = true;
    flight.slot.landed(flight, outcome.runMicros);
    this.pump();
    flight.resolve(this.finish(flight.enqueuedAt, flight.queueWait, outcome));
  }

  private timeOut(flight: Flight): void {
    // The replica is restarted: what it had not started goes back to the queue first.
    flight.slot.draining = true;
    this.requeue(flight.slot.unstarted(this.settings.maxConcurrentRequestsPerReplica));
    this.land(flight, timedOut(this.settings.scoringTimeoutMs));
    this.log(flight.slot.handle.id, `scoring passed the ${this.settings.scoringTimeoutMs} ms timeout: restarting the replica`);
    void this.retire(flight.slot);
  }

  private finish(started: number, queueWait: number, outcome: ScoreOutcome): ScoreOutcome {
    this.telemetry.record(outcome.status, this.now() - started, queueWait);
    return outcome;
  }

  /** Hands queued requests to free replicas, oldest first. */
  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.freeSlot('run') ?? this.freeSlot('ahead');
      if (!slot) return;
      const waiter = this.queue.shift()!;
      waiter.settled = true;
      this.dispatch(slot, waiter.body, waiter.request, waiter.enqueuedAt, waiter.resolve);
    }
  }

  private launch(): void {
    this.counter += 1;
    const id = `${this.name}-${this.counter}`;
    const slot = new Slot(this.launcher.start(this.spec, id, (line) => this.log(id, line)), this.settings.maxConcurrentRequestsPerReplica);
    this.slots.add(slot);
    this.recordReplicas();
    slot.handle.ready.then(() => this.onReady(slot), (error: Error) => this.onInitFailure(error));
    slot.handle.onExit(() => this.onExit(slot));
  }

  private onReady(slot: Slot): void {
    slot.ready = true;
    this.initFailures = 0;
    this.updateState();
    this.pump();
  }

  private onInitFailure(error: Error): void {
    if (this.stopped || this.state === 'Failed') return;
    this.initFailures += 1;
    // A first deployment whose init() fails is Failed at once, as in v1; a running one retries a few times.
    if (this.state === 'Transitioning' || this.initFailures >= (this.settings.maxInitFailures ?? 3)) {
      this.failure = error.message;
      this.state = 'Failed';
      this.settle();
      void this.stopAll();
      return;
    }
    this.launch();
  }

  private onExit(slot: Slot): void {
    this.slots.delete(slot);
    this.recordReplicas();
    // Runs before the requests on it are failed: those it had not started go to another replica.
    if (!this.stopped) this.requeue(slot.unstarted(this.settings.maxConcurrentRequestsPerReplica));
    // One that never got ready is handled by onInitFailure.
    if (this.stopped || slot.draining || this.state === 'Failed' || !slot.ready) return;
    // A replica that died is replaced, keeping the count the autoscaler chose.
    this.log(slot.handle.id, 'the replica exited: starting a replacement');
    this.launch();
    this.updateState();
  }

  private updateState(): void {
    if (this.state === 'Failed') return;
    const ready = [...this.slots].filter((s) => s.ready && !s.draining).length;
    if (ready >= this.settings.minReplicas) this.state = 'Healthy';
    else if (this.state !== 'Transitioning') this.state = 'Unhealthy';
    if (this.state === 'Healthy') this.settle();
  }

  private settle(): void {
    for (const listener of this.settledListeners.splice(0)) listener();
  }

  private recordReplicas(): void {
    this.telemetry.replicas([...this.slots].filter((s) => !s.draining).length);
  }

  /** Busy requests, queued ones and live replicas, for the autoscaler. */
  private load(): { busy: number; queued: number; replicas: number; starting: number } {
    const live = [...this.slots].filter((s) => !s.draining);
    return { ...this.demand(), replicas: live.length, starting: live.filter((s) => !s.ready).length };
  }

  private scaleTo(target: number): void {
    if (this.stopped || this.state === 'Failed') return;
    const live = [...this.slots].filter((s) => !s.draining);
    for (let n = live.length; n < target; n += 1) this.launch();
    const idle = live.filter((s) => s.sent.length === 0).slice(0, Math.max(0, live.length - target));
    for (const slot of idle) void this.retire(slot);
  }

  /** Takes a replica out of rotation and stops it once its requests are done. */
  private async retire(slot: Slot): Promise<void> {
    slot.draining = true;
    this.recordReplicas();
    if (!this.stopped && this.state !== 'Failed') {
      const live = [...this.slots].filter((s) => !s.draining).length;
      if (live < this.settings.minReplicas) this.launch();
    }
    await slot.handle.stop(slot.sent.length > 0 ? 0 : 2000);
  }

  /** Stops taking requests, lets queued and in-flight ones finish, then stops every replica. */
  async drain(): Promise<void> {
    this.autoscaler.stop();
    while (this.queue.length > 0 || [...this.slots].some((s) => s.sent.length > 0)) await new Promise((r) => setTimeout(r, 10));
    await this.stopAll();
  }

  /** Stops every replica now; queued requests get 503. */
  async stopAll(): Promise<void> {
    this.stopped = true;
    this.autoscaler.stop();
    this.waits.clear();
    for (const waiter of this.queue.splice(0)) {
      waiter.settled = true;
      waiter.resolve(unavailable('The deployment is stopping'));
    }
    await Promise.all([...this.slots].map((slot) => ((slot.draining = true), slot.handle.stop(500))));
    this.flights.clear();
    this.settle();
  }
}

/** The request headers a @rawhttp run() sees: the endpoint key is the gateway's, not the script's. */
function withoutCredentials(headers: ScoringRequest['headers']): ScoringRequest['headers'] {
  const { authorization: _key, cookie: _cookie, ...rest } = headers;
  return rest;
}

function unavailable(message: string): ScoreOutcome {
  return { status: 503, body: messageBody(message), retryAfter: 1 };
}

function timedOut(ms: number): ScoreOutcome {
  return { status: 504, body: messageBody(`Scoring timeout after ${ms} ms`) };
}

function badGateway(error: unknown): ScoreOutcome {
  const why = error instanceof ReplicaGone ? 'the replica serving this request exited' : 'the replica failed';
  return { status: 502, body: messageBody(`Bad gateway: ${why} before answering. ${CHECK_LOGS}`) };
}
