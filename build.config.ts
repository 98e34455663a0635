/**
 * `npm run build` (also run by `prepare`, so `npm ci` builds): bundles the bot and its scripts into
 * `dist/` as plain JavaScript for `node`. One bundle loads faster than hundreds of modules through
 * a TypeScript loader, and needs no loader process. Native modules stay outside the bundle and
 * load from node_modules: better-sqlite3 and @napi-rs/canvas (compiled .node files), and the
 * optional native speed-ups ws and discord.js look for (absent unless someone installs them).
 *
 * The tests run the TypeScript sources directly; the process tests build into a temporary folder
 * with {@link build} and run that output, as `npm start` does.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** What lands in dist/: `<name>.js` for each entry, with shared code in chunks. */
export const ENTRY_POINTS = {
  index: 'src/index.ts',
  'deploy-commands': 'src/scripts/deploy-commands.ts',
  backup: 'src/scripts/backup.ts',
  restore: 'src/scripts/restore.ts',
  privacy: 'src/scripts/privacy.ts',
  // Charts are drawn in a worker thread (src/core/charts): its own entry, beside the others.
  'chart-worker': 'src/core/charts/worker.ts',
} as const;

export const EXTERNAL = [
  'better-sqlite3',
  '@napi-rs/canvas',
  'bufferutil',
  'utf-8-validate',
  'zlib-sync',
  'erlpack',
] as const;

export interface BuildOptions {
  /** Extra esbuild plugins (tests use one to change a command definition). */
  readonly plugins?: esbuild.Plugin[];
}

export async function build(outdir: string, options: BuildOptions = {}): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // Whitespace and syntax only: names stay readable in a stack trace even without the map.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    external: [...EXTERNAL],
    // Bundled CommonJS packages call require(); in an ES module it must be made.
    banner: {
      js: "import { createRequire as __hearthRequire } from 'node:module'; const require = __hearthRequire(import.meta.url);",
    },
    logLevel: 'warning',
    plugins: options.plugins ?? [],
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build(`${ROOT}dist`);
}
