/** Environments of one workspace: create versions, list, show, and the builds nodes report. */
import {
  api, type EnvironmentBuild, type EnvironmentDefinition, type EnvironmentSummary, type EnvironmentVersion, type ReportEnvironmentBuild,
} from '@cairn/api';
import type { DownloadStream, Transport } from './transport.js';

/** Environment methods of a workspace. */
export class EnvironmentsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Every environment (the built-in `system` first) with its latest version. */
  async list(): Promise<EnvironmentSummary[]> {
    return (await this.transport.call(api.environments.list, { params: { workspace: this.workspace } })).items;
  }

  /** Creates the next version of `name`, or returns the version with identical content (`created: false`). */
  create(name: string, definition: EnvironmentDefinition): Promise<{ environment: EnvironmentVersion; created: boolean }> {
    return this.transport.call(api.environments.create, { params: { workspace: this.workspace, environment: name }, body: definition });
  }

  /** Every version of `name`, newest first. */
  async versions(name: string): Promise<EnvironmentVersion[]> {
    return (await this.transport.call(api.environments.versions, { params: { workspace: this.workspace, environment: name } })).items;
  }

  /** One version of `name`. */
  get(name: string, version: number): Promise<EnvironmentVersion> {
    return this.transport.call(api.environments.get, { params: { workspace: this.workspace, environment: name, version } });
  }

  /** Records a build of `name:version` on a node (its log included). */
  reportBuild(name: string, version: number, report: ReportEnvironmentBuild): Promise<EnvironmentBuild> {
    return this.transport.call(api.environments.reportBuild, { params: { workspace: this.workspace, environment: name, version }, body: report });
  }

  /** The builds of `name:version`, newest first. */
  async builds(name: string, version: number): Promise<EnvironmentBuild[]> {
    return (await this.transport.call(api.environments.builds, { params: { workspace: this.workspace, environment: name, version } })).items;
  }

  /** The log of one build as a stream. */
  buildLog(name: string, version: number, build: number): Promise<DownloadStream> {
    return this.transport.download(api.environments.buildLog, { params: { workspace: this.workspace, environment: name, version, build } });
  }
}
