/** A chart worker that dies on its first chart, for tests of what Hearth does without charts. */
export const CRASHING_WORKER =
  "require('node:worker_threads').parentPort.on('message', () => process.exit(3));";
