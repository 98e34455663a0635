/**
 * Pulse surveys' Discord side: the minute job that claims due rounds (posted by the outbox), and
 * the trend as text and line charts for `/survey trend`.
 */
import type { ChartConfiguration } from 'chart.js';
import { renderChart } from '../../core/charts/index.js';
import type { AppDeps } from '../../core/context.js';
import type { Translate } from '../../core/i18n.js';
import { pollKeyOf } from '../polls/api.js';
import { claimRounds, type Change, type QuestionTrend, type Trend } from './pulse.js';

export async function runPulseTick(app: AppDeps): Promise<void> {
  const { claimed, failed } = await claimRounds(app.db, app.now(), pollKeyOf(app));
  for (const c of claimed)
    app.logger.info(
      { guildId: c.guildId, survey: c.surveyId, round: c.round, poll: c.pollId },
      'pulse round opened',
    );
  if (failed.length > 0) app.logger.warn({ series: failed }, 'pulse rounds skipped');
}

/** A figure as shown: an average to two decimals, an NPS or a share as a whole number. */
function figure(kind: QuestionTrend['kind'], value: number): string {
  if (kind === 'average') return value.toFixed(2);
  if (kind === 'nps') return String(Math.round(value));
  return `${Math.round(value)}%`;
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : value < 0 ? `−${text.replace(/^-/, '')}` : `±${text}`;
}

function deltaText(kind: QuestionTrend['kind'], change: Change, t: Translate): string {
  if (kind === 'average') return signed(change.delta.toFixed(2), change.delta);
  const whole = Math.round(change.delta);
  if (kind === 'nps') return signed(String(whole), whole);
  return t('surveys.points', { value: signed(String(whole), whole) });
}

/** The trend as lines of text, to page or to send. */
export function trendLines(trend: Trend, min: number, t: Translate): string[] {
  const lines: string[] = [];
  for (const r of trend.rounds)
    lines.push(
      r.withheld
        ? t('surveys.trendWithheld', { round: r.round, min })
        : t('surveys.trendRound', { round: r.round, voters: r.voters }),
    );
  for (const q of trend.questions) {
    lines.push(
      t('surveys.trendQuestion', {
        position: q.position,
        label: q.label,
        figure: t(`surveys.figure.${q.kind}`),
      }),
    );
    for (const line of q.lines) {
      lines.push(
        t('surveys.trendValues', {
          option: line.option === null ? '' : `${line.option}: `,
          values: line.values.map((v) => (v === null ? '—' : figure(q.kind, v))).join(' → '),
        }),
      );
      const c = line.change;
      if (c === null) continue;
      const test =
        c.test === 'welch'
          ? t('surveys.test.welch')
          : q.kind === 'nps'
            ? t('surveys.test.zPromoters')
            : t('surveys.test.z');
      lines.push(
        t(c.significant ? 'surveys.trendSignificant' : 'surveys.trendNoise', {
          delta: deltaText(q.kind, c, t),
          n: c.n,
          test,
        }),
      );
    }
  }
  return lines;
}

const COLORS = ['#5865F2', '#57F287', '#FEE75C', '#EB459E', '#ED4245', '#3BA55C', '#FAA61A'];

/** A line chart per question (at most four): its figure per round, gaps where withheld. */
export async function trendCharts(
  trend: Trend,
  t: Translate,
  onFailure: (error: unknown) => void = () => {},
): Promise<{ name: string; data: Buffer }[]> {
  const charts: { name: string; data: Buffer }[] = [];
  const labels = trend.rounds.map((r) => `#${r.round}`);
  for (const q of trend.questions.slice(0, 4)) {
    const config: ChartConfiguration = {
      type: 'line',
      data: {
        labels,
        datasets: q.lines.map((line, i) => ({
          label: line.option ?? t(`surveys.figure.${q.kind}`),
          data: line.values.map((v) => v),
          borderColor: COLORS[i % COLORS.length]!,
          backgroundColor: COLORS[i % COLORS.length]!,
          spanGaps: false,
        })),
      },
      options: {
        animation: false,
        responsive: false,
        plugins: { title: { display: true, text: `${q.position}. ${q.label}`.slice(0, 120) } },
        scales: {
          y:
            q.kind === 'average'
              ? { min: 1, max: 5 }
              : q.kind === 'nps'
                ? { min: -100, max: 100 }
                : { min: 0, max: 100 },
        },
      },
    };
    try {
      charts.push({
        name: `trend-${q.position}.png`,
        data: await renderChart({ width: 800, height: 400, config }),
      });
    } catch (error) {
      onFailure(error);
    }
  }
  return charts;
}
