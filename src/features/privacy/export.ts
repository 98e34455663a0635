/**
 * A member's export: every row the data map finds about them in one server, as JSON (the rows as
 * stored, for a machine or a regulator) and as readable text (dates written out, in the member's
 * language). Both say what is not in them and why. Pure: no database, no Discord.
 */
import type { ExportSection, Row } from '../../core/member-data.js';
import type { Translate } from './messages.js';

export interface ExportDocument {
  readonly rows: number;
  readonly json: string;
  readonly text: string;
}

const DAY_MS = 86_400_000;

/** A stored value as a person reads it: times and days as dates, JSON as JSON. */
function readable(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && (key === 'at' || key.endsWith('_at') || key === 'since'))
    return new Date(value).toISOString();
  if (typeof value === 'number' && key === 'day')
    return new Date(value * DAY_MS).toISOString().slice(0, 10);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function buildExport({
  guild,
  userId,
  now,
  sections,
  t,
}: {
  guild: { id: string; name: string };
  userId: string;
  now: number;
  sections: readonly ExportSection[];
  t: Translate;
}): ExportDocument {
  const rows = sections.reduce((sum, s) => sum + s.rows.length, 0);
  const notIncluded = [t('privacy.file.anonymous'), t('privacy.file.text')];
  const json = JSON.stringify(
    {
      title: t('privacy.file.title', { server: guild.name }),
      generated_at: new Date(now).toISOString(),
      server: { id: guild.id, name: guild.name },
      member: { id: userId },
      not_included: notIncluded,
      sections: sections.map((s) => ({
        what: t(s.label),
        feature: s.feature,
        table: s.table,
        column: s.column,
        ...(s.omitted.length === 0 ? {} : { left_out: s.omitted }),
        rows: s.rows,
      })),
    },
    null,
    2,
  );
  const lines = [
    t('privacy.file.title', { server: guild.name }),
    t('privacy.file.generated', { when: new Date(now).toISOString(), user: userId }),
    '',
  ];
  for (const s of sections) {
    lines.push(`## ${t(s.label)} (${t('privacy.file.rows', { count: s.rows.length })})`);
    if (s.omitted.length > 0)
      lines.push(t('privacy.file.omitted', { fields: s.omitted.join(', ') }));
    for (const row of s.rows as Row[])
      lines.push(
        `- ${Object.entries(row)
          .map(([key, value]) => `${key}: ${readable(key, value)}`)
          .join(' · ')}`,
      );
    lines.push('');
  }
  for (const note of notIncluded) lines.push(`* ${note}`);
  return { rows, json: `${json}\n`, text: `${lines.join('\n')}\n` };
}
