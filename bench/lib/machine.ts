/** The machine a benchmark ran on, for the record next to its figures. */
import { cpus, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** One line: `Intel … (2 cores), 23 GB, Node v20.20.2, linux x64`. */
export function describeMachine(m: Machine = machine()): string {
  return `${m.cpu} (${String(m.cores)} cores), ${String(m.memoryGB)} GB, Node ${m.node}, ${m.platform}`;
}
