/**
 * The real metrics registry, on prom-client (the Prometheus client every Node exporter uses: the
 * text format, histograms and the process metrics done right, no dependencies of its own). Loaded
 * only when HTTP_PORT is set.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CounterMetric, HistogramMetric, Metrics } from './metrics.js';

export function createPromMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counters = new Map<string, CounterMetric>();
  const histograms = new Map<string, HistogramMetric>();
  return {
    enabled: true,
    counter({ name, help, labelNames = [] }) {
      let metric = counters.get(name);
      if (metric === undefined) {
        const counter = new Counter({ name, help, labelNames, registers: [registry] });
        metric = { inc: (labels = {}, value = 1) => counter.inc(labels, value) };
        counters.set(name, metric);
      }
      return metric;
    },
    histogram({ name, help, labelNames = [], buckets }) {
      let metric = histograms.get(name);
      if (metric === undefined) {
        const histogram = new Histogram({
          name,
          help,
          labelNames,
          registers: [registry],
          ...(buckets === undefined ? {} : { buckets: [...buckets] }),
        });
        metric = { observe: (labels, seconds) => histogram.observe(labels, seconds) };
        histograms.set(name, metric);
      }
      return metric;
    },
    gauge({ name, help, labelNames = [], collect }) {
      if (registry.getSingleMetric(name) !== undefined) registry.removeSingleMetric(name);
      const gauge = new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
      });
      // prom-client calls collect() with the gauge as `this`; an arrow keeps the reference explicit.
      Object.assign(gauge, {
        collect: async () => {
          const value = await collect();
          gauge.reset();
          if (typeof value === 'number') gauge.set(value);
          else for (const { labels, value: v } of value) gauge.set(labels, v);
        },
      });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
