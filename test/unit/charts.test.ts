import { spawnSync } from 'node:child_process';
import type { ChartConfiguration } from 'chart.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CRASHING_WORKER } from '../helpers/charts.js';
import {
  ChartError,
  closeCharts,
  renderChart,
  useChartWorker,
} from '../../src/core/charts/index.js';
import { draw } from '../../src/core/charts/draw.js';
import { ROOT } from '../helpers/process.js';

const bar: ChartConfiguration = {
  type: 'bar',
  data: {
    labels: ['Blue', 'Green', 'Red'],
    datasets: [{ data: [3, 1, 2], backgroundColor: '#5865f2' }],
  },
  options: {
    responsive: false,
    animation: false,
    indexAxis: 'y',
    plugins: { legend: { display: false }, title: { display: true, text: 'Which logo?' } },
  },
};
const line: ChartConfiguration = {
  type: 'line',
  data: {
    labels: ['11-02', '11-09', '11-16'],
    datasets: [
      { label: 'Active', data: [10, 12, 9], borderColor: '#5865f2' },
      { label: 'Depth', data: [5, null, 7], borderColor: '#faa61a' },
    ],
  },
  options: { responsive: false, animation: false },
};

afterEach(async () => {
  useChartWorker();
  await closeCharts();
});

describe('charts drawn in the worker', () => {
  it('are byte-identical to the same chart drawn on this thread', async () => {
    for (const [config, width, height] of [
      [bar, 800, 400],
      [line, 900, 420],
    ] as const) {
      const inWorker = await renderChart({ width, height, config });
      // Chart.js writes its resolved options into the configuration it draws: a copy here.
      const here = await draw({ width, height, config: structuredClone(config) });
      expect(inWorker.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
      expect(inWorker.equals(here)).toBe(true);
    }
  });

  it('draw several at once, each answered with its own chart', async () => {
    const charts = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        renderChart({
          width: 300,
          height: 200,
          config: { ...bar, data: { labels: ['a'], datasets: [{ data: [n] }] } },
        }),
      ),
    );
    expect(new Set(charts.map((c) => c.toString('base64'))).size).toBe(5);
  });

  it('fail with a ChartError when the worker dies, and the next chart gets a fresh worker', async () => {
    useChartWorker(CRASHING_WORKER);
    await expect(renderChart({ width: 100, height: 100, config: bar })).rejects.toBeInstanceOf(
      ChartError,
    );
    useChartWorker();
    expect((await renderChart({ width: 100, height: 100, config: bar })).length).toBeGreaterThan(0);
  });
});

describe('start-up', () => {
  it('loads neither the canvas nor Chart.js on the main thread, even once a chart was drawn', () => {
    const script = `
      import { createRequire } from 'node:module';
      await import('./src/app.ts');
      await import('./src/features/index.ts');
      const { renderChart, closeCharts } = await import('./src/core/charts/index.ts');
      const loaded = () => Object.keys(createRequire(import.meta.url).cache)
        .filter((p) => p.includes('@napi-rs') || p.includes('chart.js'));
      const before = loaded();
      const png = await renderChart({ width: 50, height: 50, config: ${JSON.stringify(bar)} });
      console.log(JSON.stringify({ before, after: loaded(), png: png.length }));
      await closeCharts();
    `;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      before: string[];
      after: string[];
      png: number;
    };
    expect(result).toEqual({ before: [], after: [], png: expect.any(Number) as number });
    expect(result.png).toBeGreaterThan(0);
  }, 120_000);
});
