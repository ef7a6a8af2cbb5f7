/** Experiments of one workspace. */
import { api, type Experiment } from '@cairn/api';
import type { Transport } from './transport.js';

/** Experiment methods of a workspace. */
export class ExperimentsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Every experiment with its run count. */
  async list(): Promise<Experiment[]> {
    return (await this.transport.call(api.experiments.list, { params: { workspace: this.workspace } })).items;
  }

  /** One experiment by name. */
  get(name: string): Promise<Experiment> {
    return this.transport.call(api.experiments.get, { params: { workspace: this.workspace, experiment: name } });
  }

  /** Gets an experiment, creating it when it does not exist. */
  ensure(name: string): Promise<Experiment> {
    return this.transport.call(api.experiments.ensure, { params: { workspace: this.workspace, experiment: name } });
  }
}
