/**
 * Metrics, as a small core API: the core and any feature declare counters, histograms and gauges
 * on the running app's registry, and `/metrics` (src/core/http.ts) shows them in Prometheus's
 * format. Without HTTP_PORT nothing is collected and prom-client is never loaded: every metric is
 * a no-op (see metrics-prom.ts for the real registry).
 */
import type { AppDeps } from './context.js';

export type Labels = Readonly<Record<string, string>>;

export interface CounterMetric {
  inc(labels?: Labels, value?: number): void;
}

export interface HistogramMetric {
  observe(labels: Labels, seconds: number): void;
}

/** What a gauge reads at scrape time: one value, or one per label set. */
export type GaugeValue = number | readonly { readonly labels: Labels; readonly value: number }[];

export interface MetricDefinition {
  /** Prometheus name, `hearth_` first, with its unit last (`_seconds`, `_bytes`, `_total`). */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

export interface Metrics {
  /** False for the no-op registry: callers can skip work done only to be measured. */
  readonly enabled: boolean;
  counter(definition: MetricDefinition): CounterMetric;
  histogram(
    definition: MetricDefinition & { readonly buckets?: readonly number[] },
  ): HistogramMetric;
  /** A value read when scraped, so nothing is updated on the request path. */
  gauge(definition: MetricDefinition & { collect: () => GaugeValue | Promise<GaugeValue> }): void;
  /** Every metric in Prometheus's text format. */
  render(): Promise<{ contentType: string; body: string }>;
}

const noopCounter: CounterMetric = { inc: () => {} };
const noopHistogram: HistogramMetric = { observe: () => {} };

export const noMetrics: Metrics = {
  enabled: false,
  counter: () => noopCounter,
  histogram: () => noopHistogram,
  gauge: () => {},
  render: () => Promise.resolve({ contentType: 'text/plain; version=0.0.4', body: '' }),
};

const bound = new WeakMap<AppDeps, Metrics>();

/** Gives a running app its registry (createHearth does this before any feature starts). */
export function bindMetrics(app: AppDeps, metrics: Metrics): void {
  bound.set(app, metrics);
}

/** The app's registry, or the no-op one. */
export function metricsOf(app: AppDeps): Metrics {
  return bound.get(app) ?? noMetrics;
}
