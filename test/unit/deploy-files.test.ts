/**
 * The Dockerfile, compose example and systemd unit hold what the README promises. No Docker engine
 * runs here (and hadolint is not packaged for this machine), so this checks their shape; the
 * process tests prove what they run (`node dist/index.js`, signals, /healthz).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/process.js';

const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
/** Instructions, without comments or continuation lines. */
const instructions = (text: string) =>
  text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

describe('Dockerfile', () => {
  const lines = instructions(read('Dockerfile'));
  const runtime = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));

  it('builds in one stage and runs in another, from the LTS Node the project recommends', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms).toHaveLength(2);
    expect(froms[0]).toMatch(/ AS build$/);
    const nvmrc = read('.nvmrc').trim();
    for (const from of froms) expect(from).toContain(`node:${nvmrc}-`);
    expect(lines).toContain('RUN npm ci && npm prune --omit=dev && npm cache clean --force');
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
  });

  it('runs as a non-root user with the data on a /data volume and the health check on /healthz', () => {
    expect(runtime).toContain('USER node');
    expect(runtime).toContain('VOLUME ["/data"]');
    expect(runtime.join('\n')).toMatch(/DATABASE_PATH=\/data\/hearth\.sqlite/);
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
    expect(runtime.find((l) => l.startsWith('ENV'))).toMatch(/HTTP_PORT=\d+/);
  });

  it('starts node itself, in exec form, on the built entry point', () => {
    const cmd = runtime.filter((l) => l.startsWith('CMD '));
    expect(cmd).toEqual(['CMD ["node", "/app/dist/index.js"]']);
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'node_modules', 'data', 'dist', '.git'])
      expect(ignored).toContain(entry);
  });
});

describe('service examples', () => {
  it('systemd runs node on the build, stops with SIGTERM and allows more than the 5 s Hearth needs', () => {
    const unit = read('deploy/hearth.service');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/env node dist\/index\.js$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1])).toBeGreaterThan(5);
    expect(unit).toMatch(/^User=hearth$/m);
  });

  it('publishes /healthz and /metrics on the host’s loopback only, and the README says why', () => {
    const compose = read('deploy/compose.yaml');
    const published = [...compose.matchAll(/^\s*#?\s*-\s*"([^"]*:9464)"$/gm)].map((m) => m[1]);
    expect(published).toEqual(['127.0.0.1:9464:9464']);
    const readme = read('README.md');
    const docker = readme.slice(
      readme.indexOf('### With Docker'),
      readme.indexOf('### With systemd'),
    );
    expect(docker).toContain('`-p 127.0.0.1:9464:9464`');
    expect(docker).toContain('A bare `-p 9464:9464` listens on every address of the host');
    expect(docker).toContain('`-e HTTP_HOST=127.0.0.1`');
    expect(read('Dockerfile')).toMatch(/-p 127\.0\.0\.1:9464:9464/);
  });

  it('compose keeps the data on a named volume', () => {
    const compose = read('deploy/compose.yaml');
    expect(compose).toContain('- hearth-data:/data');
    expect(compose).toMatch(/restart: unless-stopped/);
  });
});
