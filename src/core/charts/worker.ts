/**
 * The chart worker: draws the charts the main thread asks for, one message per chart, so a
 * render never holds up an interaction. Bundled as dist/chart-worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { draw, type ChartSpec } from './draw.js';

parentPort?.on('message', (message: { id: number; spec: ChartSpec }) => {
  draw(message.spec).then(
    (png) => {
      const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
      parentPort?.postMessage({ id: message.id, png: bytes });
    },
    (error: unknown) =>
      parentPort?.postMessage({
        id: message.id,
        error: error instanceof Error ? error.name : 'Error',
      }),
  );
});
