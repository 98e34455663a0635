/**
 * Draws one chart: Chart.js on a @napi-rs/canvas 2D context, a white background behind it (so it
 * reads in Discord's dark theme too), encoded as PNG. Runs in the chart worker (see index.ts);
 * nothing on the main thread imports this module, so the canvas and Chart.js never load there.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';

Chart.register(...registerables);

export interface ChartSpec {
  readonly width: number;
  readonly height: number;
  /** Plain data only (it crosses to the worker by structured clone): no callbacks. */
  readonly config: ChartConfiguration;
}

export async function draw({ width, height, config }: ChartSpec): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  // @napi-rs/canvas implements the 2D context Chart.js draws on; the types differ only in name.
  const context = canvas.getContext('2d');
  const chart = new Chart(context, config);
  context.globalCompositeOperation = 'destination-over';
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  const png = await canvas.encode('png');
  chart.destroy();
  return png;
}
