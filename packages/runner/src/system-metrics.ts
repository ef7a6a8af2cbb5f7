/**
 * Samples the node's CPU and memory (and GPUs through `nvidia-smi` where it exists) as system
 * metrics of the run: `system.cpu_percent`, `system.memory_used_mb`, `system.memory_percent`,
 * `system.gpu<N>_percent`, `system.gpu<N>_memory_used_mb`. Metric names may not hold "/".
 */
import { execFile } from 'node:child_process';
import { cpus, freemem, totalmem } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Sample {
  name: string;
  value: number;
}

function cpuTimes(): { idle: number; total: number } {
  return cpus().reduce((acc, cpu) => {
    const t = cpu.times;
    return { idle: acc.idle + t.idle, total: acc.total + t.user + t.nice + t.sys + t.idle + t.irq };
  }, { idle: 0, total: 0 });
}

/** Takes samples; each CPU figure covers the time since the previous sample. */
export class SystemSampler {
  private last = cpuTimes();
  private gpus = true;

  async sample(): Promise<Sample[]> {
    const now = cpuTimes();
    const total = now.total - this.last.total;
    const cpu = total > 0 ? (100 * (total - (now.idle - this.last.idle))) / total : 0;
    this.last = now;
    const used = totalmem() - freemem();
    const samples = [
      { name: 'system.cpu_percent', value: round(cpu) },
      { name: 'system.memory_used_mb', value: round(used / 1048576) },
      { name: 'system.memory_percent', value: round((100 * used) / totalmem()) },
    ];
    return [...samples, ...(await this.gpuSamples())];
  }

  private async gpuSamples(): Promise<Sample[]> {
    if (!this.gpus) return [];
    try {
      const { stdout } = await run('nvidia-smi', ['--query-gpu=utilization.gpu,memory.used', '--format=csv,noheader,nounits'], { timeout: 5000 });
      return stdout.trim().split('\n').filter(Boolean).flatMap((line, index) => {
        const [util, memory] = line.split(',').map((v) => Number(v.trim()));
        return [{ name: `system.gpu${index}_percent`, value: util ?? 0 }, { name: `system.gpu${index}_memory_used_mb`, value: memory ?? 0 }];
      });
    } catch {
      // No nvidia-smi on this node (or it failed): stop asking.
      this.gpus = false;
      return [];
    }
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
