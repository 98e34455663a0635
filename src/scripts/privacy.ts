/**
 * `npm run privacy -- <show|export|erase> --user <id> [--guild <id>] [--dry-run] [--out <dir>]
 * [--lang en|it]`: the operator's tools for a data request that reaches them outside Discord
 * (an email, a letter). They follow the same data map as `/privacy` in Discord.
 *
 * Exit codes: 0 done; 1 the configuration or the database is not usable; 2 the request is not
 * understood, or Hearth has no data about that member.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { parseDataConfig } from '../core/config.js';
import { migrateToLatest, openDatabase } from '../core/db/database.js';
import { acquireInstanceLock, InstanceLockedError } from '../core/db/instance-lock.js';
import { t, type Locale } from '../core/i18n.js';
import {
  describeMember,
  eraseMember,
  erasureKey,
  erasureSubject,
  exportMember,
  guildsNaming,
  memberDataEntries,
} from '../core/member-data.js';
import { loadMasterKey } from '../core/secret.js';
import { buildExport } from '../features/privacy/export.js';

const USAGE = `usage: npm run privacy -- <show|export|erase> --user <id> [--guild <id>] [--dry-run] [--out <dir>] [--lang en|it]

  show     what Hearth stores about the member, per server
  export   write every row about the member to <dir> (default: the current folder), JSON and text
  erase    erase the member's data (every server, or only --guild); --dry-run says what would go
`;
const SNOWFLAKE = /^\d{17,20}$/;

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function stop(code: 1 | 2, lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`hearth privacy: ${line}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        user: { type: 'string' },
        guild: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        out: { type: 'string', default: '.' },
        lang: { type: 'string', default: 'en' },
      },
    });
  } catch (error) {
    stop(2, [error instanceof Error ? error.message : String(error), USAGE]);
  }
  const [command, ...extra] = parsed.positionals;
  const { user, guild, lang } = parsed.values;
  if (command === undefined || !['show', 'export', 'erase'].includes(command) || extra.length > 0)
    stop(2, [USAGE]);
  if (user === undefined || !SNOWFLAKE.test(user))
    stop(2, ['--user must be a Discord user id (17 to 20 digits)', USAGE]);
  if (guild !== undefined && !SNOWFLAKE.test(guild))
    stop(2, ['--guild must be a Discord server id (17 to 20 digits)', USAGE]);
  if (lang !== 'en' && lang !== 'it') stop(2, ['--lang must be en or it', USAGE]);
  const locale: Locale = lang;

  loadDotenv({ quiet: true });
  const config = parseDataConfig(process.env);
  if (!config.ok) stop(1, config.problems);
  const { DATABASE_PATH: path, POLL_SECRET: secret } = config.config;

  // With Hearth stopped, the script holds the instance lock while it runs, so a Hearth started
  // meanwhile refuses to start (and its supervisor starts it again). With Hearth running (it holds
  // the lock), the script goes ahead beside it: every change is one transaction. The running
  // Hearth may still hold up to a second of message events in memory, which it writes after the
  // erase: for a member still in the server, a second run a minute later catches them.
  let lock: { release(): void } | undefined;
  try {
    lock = acquireInstanceLock(path);
  } catch (error) {
    if (!(error instanceof InstanceLockedError)) throw error;
    process.stderr.write(
      'hearth privacy: Hearth is running on this database; going ahead beside it.\n',
    );
  }
  const db = openDatabase(path);
  try {
    await migrateToLatest(db);
    // Loaded once the request is understood: the features bring discord.js with them.
    const { features } = await import('../features/index.js');
    const entries = memberDataEntries(features);
    const guilds = guild === undefined ? await guildsNaming(db, entries, user) : [guild];
    const named = [];
    for (const g of guilds) {
      const description = await describeMember(db, entries, { guildId: g, userId: user });
      if (description.counts.length > 0) named.push({ guild: g, description });
    }
    if (named.length === 0)
      stop(2, [
        `Hearth has no data about user ${user}${guild === undefined ? '' : ` in server ${guild}`}: nothing to ${command}.`,
      ]);

    if (command === 'export') {
      const dir = resolve(parsed.values.out);
      mkdirSync(dir, { recursive: true });
      for (const { guild: g } of named) {
        const sections = await exportMember(db, entries, { guildId: g, userId: user });
        const doc = buildExport({
          guild: { id: g, name: g },
          userId: user,
          now: Date.now(),
          sections,
          t: (key, params) => t(locale, key, params),
        });
        const base = join(dir, `hearth-data-${g}-${user}`);
        writeFileSync(`${base}.json`, doc.json, { mode: 0o600 });
        writeFileSync(`${base}.txt`, doc.text, { mode: 0o600 });
        out(`server ${g}: ${doc.rows} rows → ${base}.json, ${base}.txt`);
      }
      return;
    }

    const dryRun = parsed.values['dry-run'];
    for (const { guild: g, description } of named) {
      out(`server ${g}:`);
      for (const c of description.counts)
        out(
          `  ${c.column.table}.${c.column.column}: ${c.rows} (${t(locale, c.column.label)})${
            command === 'erase' ? ` → ${c.column.erase}` : ''
          }`,
        );
    }
    if (command === 'show') return;
    if (dryRun) {
      out('dry run: nothing was changed.');
      return;
    }
    const key = erasureKey(loadMasterKey(db, path, secret));
    for (const { guild: g } of named) {
      const report = await eraseMember(
        db,
        entries,
        { guildId: g, userId: user },
        {
          now: Date.now(),
          keepRoles: true,
          stillMember: false,
          key,
          // They may still be in the server: not welcomed again as a newcomer. Dropped by the bot
          // at its next start when they are not.
          subject: erasureSubject(key, g, user),
        },
      );
      const rows = report.counts.reduce((sum, c) => sum + c.rows, 0);
      out(`server ${g}: erased ${rows} rows in one transaction.`);
      if (report.passedOn > 0)
        out(
          lock === undefined
            ? '  a seat it held went to the next person waiting: the running Hearth gives them the role and tells them within a minute.'
            : '  a seat it held went to the next person waiting: Hearth gives them the role and tells them when it next starts.',
        );
    }
  } finally {
    await db.destroy();
    lock?.release();
  }
}

main().catch((error: unknown) => {
  stop(1, [error instanceof Error ? error.message : String(error)]);
});
