/** The machine a benchmark ran on, for the report. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What the report says about the machine. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverage: [number, number, number];
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    const model = line?.split(':')[1]?.trim();
    if (model) return model;
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** Describe this machine now. */
export function machineInfo(): MachineInfo {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: [one, five, fifteen],
  };
}

/** One line per fact, for the top of the report. */
export function describeMachine(info: MachineInfo): string {
  return [
    `CPU: ${info.cpuModel} × ${info.cpus} (nproc ${info.cpus})`,
    `Memory: ${info.memoryGiB.toFixed(1)} GiB`,
    `Node: ${info.node} on ${info.platform}`,
    `Load average at start: ${info.loadAverage.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`,
  ].join('\n');
}

/** Current 1-minute load average. */
export function loadNow(): number {
  return os.loadavg()[0] ?? 0;
}
