/**
 * Charts are drawn off the main thread, in one worker started on the first chart: the canvas
 * and Chart.js load there, not at start-up, and an interaction that arrives during a render is
 * answered at once. A render that fails, or a worker that dies, rejects with {@link ChartError}
 * (the caller sends its message without the chart); the next chart starts a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { ChartSpec } from './draw.js';

export type { ChartSpec } from './draw.js';

/** However slow the machine, a chart that takes this long is not coming. */
const RENDER_TIMEOUT_MS = 60_000;

export class ChartError extends Error {
  constructor(readonly reason: string) {
    super(`chart not drawn: ${reason}`);
    this.name = 'ChartError';
  }
}

interface Pending {
  readonly resolve: (png: Buffer) => void;
  readonly reject: (error: ChartError) => void;
  readonly timer: NodeJS.Timeout;
}

/** A worker to start: a built script, or code to evaluate. */
interface WorkerSource {
  readonly script: URL | string;
  readonly eval: boolean;
}

/**
 * Where the worker's code is: beside this module once built (dist/chart-worker.js, with this module's extension); from the
 * TypeScript sources (tests, `npm run dev`), through tsx, which a worker must register itself.
 */
function defaultWorker(): WorkerSource {
  const extension = /\.[cm]?[jt]s$/.exec(new URL(import.meta.url).pathname)?.[0] ?? '.js';
  if (extension !== '.ts')
    return { script: new URL(`./chart-worker${extension}`, import.meta.url), eval: false };
  const source = new URL('./worker.ts', import.meta.url).href;
  return {
    script: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`,
    eval: true,
  };
}

let workerSource = defaultWorker();
let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(reason: string): void {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(new ChartError(reason));
  }
}

function workerNow(): Worker {
  if (worker !== undefined) return worker;
  const started = new Worker(workerSource.script, { eval: workerSource.eval });
  // An idle worker never keeps Hearth running; one with work does, until it answers.
  started.unref();
  started.on('message', (message: { id: number; png?: Uint8Array; error?: string }) => {
    const p = pending.get(message.id);
    if (p === undefined) return;
    pending.delete(message.id);
    clearTimeout(p.timer);
    if (pending.size === 0) started.unref();
    if (message.png === undefined) p.reject(new ChartError(message.error ?? 'failed'));
    else p.resolve(Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength));
  });
  const gone = (reason: string) => {
    if (worker === started) worker = undefined;
    failAll(reason);
  };
  started.on('error', (error) => gone(error.name));
  started.on('exit', (code) => gone(`worker exited (${code})`));
  worker = started;
  return started;
}

/** Draws one chart in the worker; a PNG. */
export function renderChart(spec: ChartSpec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    let target: Worker;
    try {
      target = workerNow();
    } catch (error) {
      reject(new ChartError(error instanceof Error ? error.name : 'worker'));
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new ChartError('timeout'));
      // A stuck worker is replaced: the next chart gets a fresh one.
      void target.terminate();
    }, RENDER_TIMEOUT_MS);
    timer.unref();
    pending.set(id, { resolve, reject, timer });
    target.ref();
    try {
      target.postMessage({ id, spec });
    } catch {
      // A configuration with a callback in it cannot cross to the worker: a bug, told as one.
      clearTimeout(timer);
      pending.delete(id);
      if (pending.size === 0) target.unref();
      reject(new ChartError('unclonable'));
    }
  });
}

/** Stops the worker (tests; Hearth's stop). Pending charts fail. */
export async function closeCharts(): Promise<void> {
  const current = worker;
  worker = undefined;
  failAll('closed');
  if (current !== undefined) await current.terminate();
}

/** Tests: run a different worker (code that crashes, say), or the default again. */
export function useChartWorker(code?: string): void {
  workerSource = code === undefined ? defaultWorker() : { script: code, eval: true };
}
