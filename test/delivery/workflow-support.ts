/** Reading the repository's GitHub workflows in tests: the text, the parsed YAML, and where a step is. */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

export const WORKFLOW_DIR = path.join(__dirname, '..', '..', '.github', 'workflows');

export function read(file: string): string {
  return fs.readFileSync(path.join(WORKFLOW_DIR, file), 'utf8');
}

export interface Step { name?: string; id?: string; uses?: string; run?: string; if?: string;
  with?: Record<string, any>; env?: Record<string, string> }
export interface Job { name?: string; needs?: string | string[]; environment?: string; 'timeout-minutes'?: number;
  concurrency?: Record<string, any>; permissions: Record<string, string>; env?: Record<string, string>;
  outputs?: Record<string, string>; steps: Step[]; strategy?: any; with?: Record<string, any>; uses?: string; if?: string }
export interface Workflow { on: any; concurrency?: unknown; jobs: Record<string, Job> }

export function workflow(file: string): Workflow {
  return parse(read(file));
}

/** Index of the first step whose `uses` or `run` contains `text`; fails the test when there is none. */
export function stepIndex(job: Job, text: string): number {
  const i = job.steps.findIndex((s) => (s.uses ?? '').includes(text) || (s.run ?? '').includes(text));
  if (i < 0) throw new Error(`no step runs or uses '${text}' in job ${job.name}`);
  return i;
}
