import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { catalog } from '../../src/core/i18n.js';
import { memberDataEntries } from '../../src/core/member-data.js';
import { features } from '../../src/features/index.js';

/**
 * Columns that can hold a Discord id or free text but never identify a member, each with the
 * reason. Everything else of type TEXT in the migrated schema must be in some feature's data map
 * (`memberData` in its index.ts), or this test fails: a new table cannot forget data rights.
 * (`guild_id` is the server everywhere and is not listed.)
 */
const NOT_A_MEMBER: Readonly<Record<string, string>> = {
  // Server settings: roles and channels, chosen by managers.
  'guilds.language': 'a setting',
  'guilds.timezone': 'a setting',
  'guilds.manager_role_id': 'a role',
  'guilds.member_role_id': 'a role',
  'guilds.welcome_channel_id': 'a channel',
  'guilds.announcements_channel_id': 'a channel',
  'guilds.log_channel_id': 'a channel',
  'questionnaires.admission_mode': 'a setting',
  'membership_settings.skip_policy': 'a setting',
  // The last deploy of slash commands: 'global' or a server id, and a hash of the definitions.
  'command_deploys.scope': 'global or a server id',
  'command_deploys.hash': 'a hash of the command definitions',
  'manager_notices.key': 'names a problem (role:<role id>, schedule:<id>), never a member',
  // What managers write for the community: questions, prompts, schedules, polls.
  'question_revisions.definition': 'a question as the managers wrote it',
  'choice_roles.choice_key': 'a choice of a question',
  'choice_roles.role_id': 'a role',
  'prompts.text':
    'the prompt bank; a member’s suggestion is deleted on erase unless managers took it into the bank, where it stays without its author (prompts.author_id)',
  'prompts.tag': 'a topic',
  'prompts.status': 'a state',
  'schedules.channel_id': 'a channel',
  'schedules.rule': 'when to post',
  'schedules.tag': 'a topic',
  'schedules.pick': 'a setting',
  'schedules.state': 'a state',
  'schedules.paused_reason': 'a reason code',
  'occurrences.status': 'a state',
  'occurrences.channel_id': 'a channel',
  'occurrences.nonce': 'a random posting key',
  'occurrences.message_id': 'Hearth’s own post',
  'occurrences.thread_id': 'the thread Hearth opened',
  'polls.channel_id': 'a channel',
  'polls.message_id': 'Hearth’s own post',
  'polls.title': 'written by managers',
  'polls.questions': 'written by managers',
  'polls.results': 'a setting',
  'polls.audience': 'role ids',
  'schedules.mention_role_id': 'a role',
  'member_roles.role_id': 'deleted with the member’s row',
  'segments.name': 'written by managers',
  'segments.rules': 'rules written by managers (questions, choices, roles, days)',
  'segments.problems': 'rule numbers and question ids',
  'segments.inputs': 'counts and times the cache was computed from',
  'segments.role_id': 'a role',
  'segment_role_grants.role_id': 'deleted with the member’s row',
  'segments.member_count': 'a count of members, not an id',
  'polls.status': 'a state',
  'polls.branches': 'skip rules written by managers',
  'surveys.title': 'written by managers',
  'surveys.questions': 'written by managers',
  'surveys.branches': 'skip rules written by managers',
  'survey_series.channel_id': 'a channel',
  'survey_series.cadence': 'a setting',
  'survey_series.settings': 'publishing settings: role ids, a segment id',
  'poll_drafts.answers':
    'deleted with the member’s row when named; anonymous drafts are sealed under the voter key and name nobody',
  'events.channel_id': 'a channel',
  'events.message_id': 'Hearth’s own post',
  'events.scheduled_event_id': 'Hearth’s own scheduled event',
  'events.voice_channel_id': 'a channel',
  'event_mirror_pauses.reason': 'an error code from Discord',
  'events.title': 'written by managers',
  'events.description': 'written by managers',
  'events.location': 'written by managers',
  'events.audience_role_id': 'a role',
  'events.reminders': 'a setting',
  'events.status': 'a state',
  'event_reminders.outcome': 'a state',
  'intro_settings.cadence': 'a setting',
  'intro_settings.channel_id': 'a channel',
  'intro_settings.audience_role_id': 'a role',
  'intro_settings.criteria': 'question ids chosen by managers',
  'intro_groups.thread_id': 'the thread Hearth opened',
  'intro_exclusions.other_key':
    'a hash of the member avoided keyed with Hearth’s key (not in the database), never their id; deleted with the row; kept by their own erase (it is the other member’s choice)',
  // The rest of a row the data map deletes (or whose id it replaces) with the member's id: it
  // goes with the row. A mention of someone else in text a member wrote is that member's words.
  'onboarding_members.status': 'deleted with the member’s row',
  'answers.value': 'deleted with the member’s row',
  'answer_choices.choice_key': 'deleted with the member’s row',
  'answer_drafts.raw': 'deleted with the member’s row',
  'memberships.state': 'deleted with the member’s row',
  'event_rsvps.status': 'deleted with the member’s row',
  'intro_members.status': 'deleted with the member’s row',
  'intro_group_members.met': 'deleted with the member’s row',
  'prompt_replies.message_id':
    'the member’s own message; replaced by a random stand-in with the user id (prompts’ erase)',
  'poll_texts.text': 'deleted with the member’s row when named; anonymous rows name nobody',
  'poll_texts.id': 'a random id',
  'poll_shown_texts.id': 'a random id',
  'poll_shown_texts.text': 'an anonymous poll’s written answers as managers see them: no voter',
  'poll_edits.old_text': 'a poll’s wording before a manager’s edit (the manager is edited_by)',
  'poll_edits.new_text': 'a poll’s wording after a manager’s edit',
  'poll_suggestions.suggester_key':
    'a keyed fingerprint of the poll and the member (HMAC under hearth.key, not in the database), never their id; deleted at close',
  'poll_suggestions.label':
    'an option suggested for a poll, tied to nobody (the suggester is a keyed fingerprint); deleted at close',
  'poll_suggestions.label_key': 'the suggested option folded for comparison',
  'poll_suggestions.status': 'a state',
  'polls.voter_key': 'the poll’s own key, sealed under hearth.key: names nobody, deleted at close',
  'poll_shown_rankings.id': 'a random id',
  'poll_shown_rankings.choices':
    'an anonymous poll’s ranking ballots as managers see them: option numbers, no voter',
  'message_events.channel_id': 'deleted with the member’s row',
  'message_events.reply_to': 'member, staff or bot: a kind, not an id',
  'member_events.kind': 'join or leave',
  'member_days.replies_member': 'a count of replies to members, not an id',
  // A keyed hash of the server and the member; without the key (not in the database) it names
  // nobody. It exists so that a member who erased and stayed is not welcomed as a newcomer.
  'member_erasures.subject': 'a keyed fingerprint, not an id',
  'kept_rejections.subject':
    'a keyed fingerprint of a member a manager rejected, not an id; kept after their erase until the cooldown ends (PRIVACY.md)',
  'member_bars.subject':
    'a keyed fingerprint of a member a manager removed, not an id; kept after their erase so the removal stands (PRIVACY.md)',
  'event_series.rule': 'how a series of events repeats (weekly, monthly on a weekday)',
  'event_series.zone': 'the server’s time zone when the series was made',
  'event_series.status': 'a state',
  // The outbox: what Hearth still has to do on Discord. A row about a member names them in
  // subject_id (declared by the guilds feature) and goes with it on erase; the rest is bookkeeping.
  'outbox.kind': 'a kind of effect',
  'outbox.dedupe_key': 'names the effect; goes with the row when it is about a member',
  'outbox.payload': 'goes with the row when it is about a member (subject_id)',
  'outbox.channel_id': 'a channel, or the member’s DM pacing key: goes with the row',
  'outbox.state': 'a state',
  'outbox.claimed_by': 'a worker process',
  'outbox.progress': 'Hearth’s own message ids',
  'outbox.last_error': 'a failure code',
};

/** Names that say "a person" whatever the column's type. */
const PERSON = /(^|_)(user|member|voter|author|owner|creator|recipient|actor|subject)(_|$)|_by$/;

async function migratedColumns(): Promise<{ table: string; column: string; type: string }[]> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  const tables = await sql<{ name: string }>`
    SELECT name FROM sqlite_schema
    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`.execute(db);
  const out: { table: string; column: string; type: string }[] = [];
  for (const { name } of tables.rows) {
    const columns = await sql<{ name: string; type: string }>`
      SELECT name, type FROM pragma_table_info(${name})`.execute(db);
    for (const c of columns.rows) out.push({ table: name, column: c.name, type: c.type });
  }
  await db.destroy();
  return out;
}

const declared = memberDataEntries(features).flatMap((e) =>
  e.data.columns.map((c) => ({ feature: e.feature, ...c, key: `${c.table}.${c.column}` })),
);

describe('the data map', () => {
  it('covers every column of the migrated schema that can hold a member, or says why not', async () => {
    const columns = await migratedColumns();
    const declaredKeys = new Set(declared.map((d) => d.key));
    const missing = columns
      .filter((c) => c.column !== 'guild_id')
      .filter((c) => c.type.toUpperCase() === 'TEXT' || PERSON.test(c.column))
      .map((c) => `${c.table}.${c.column}`)
      .filter((key) => !declaredKeys.has(key) && !(key in NOT_A_MEMBER));
    expect(
      missing,
      'declare these in the owning feature’s memberData (src/core/member-data.ts), or, if they can never name a member, in NOT_A_MEMBER with the reason',
    ).toEqual([]);
  });

  it('declares only columns that exist, each once, and allow-lists none of them', async () => {
    const columns = new Set((await migratedColumns()).map((c) => `${c.table}.${c.column}`));
    for (const d of declared) {
      expect(columns.has(d.key), `${d.feature} declares ${d.key}`).toBe(true);
      expect(d.key in NOT_A_MEMBER, `${d.key} is declared and allow-listed`).toBe(false);
      if (d.via !== undefined) {
        expect(columns.has(`${d.table}.${d.via.column}`), d.key).toBe(true);
        expect(columns.has(`${d.via.parent}.${d.via.parentKey}`), d.key).toBe(true);
        expect(columns.has(`${d.via.parent}.guild_id`), d.key).toBe(true);
      } else {
        expect(columns.has(`${d.table}.guild_id`), `${d.key} has no guild_id: give it via`).toBe(
          true,
        );
      }
      for (const omitted of d.omit ?? []) expect(columns.has(`${d.table}.${omitted}`)).toBe(true);
    }
    const keys = declared.map((d) => d.key);
    expect(keys.length, 'a column declared twice').toBe(new Set(keys).size);
    for (const key of Object.keys(NOT_A_MEMBER))
      expect(columns.has(key), `stale allow-list entry ${key}`).toBe(true);
  });

  it('coarsens every time a row kept without its member’s name holds', async () => {
    /** Times on such rows that are not the member's doing, each with the reason. */
    const notTheirs: Readonly<Record<string, string>> = {
      'segments.computed_at': 'when Hearth last counted the segment, not an act of its creator',
      'survey_series.next_round_at': 'when the next round opens, worked out by Hearth',
    };
    const columns = await migratedColumns();
    for (const d of declared.filter((x) => x.erase === 'pseudonymize')) {
      const times = columns
        .filter((c) => c.table === d.table && /(^|_)at$/.test(c.column))
        .map((c) => c.column)
        .filter((c) => !(`${d.table}.${c}` in notTheirs));
      expect([...(d.times ?? [])].sort(), `${d.key}: declare its time columns in times`).toEqual(
        times.sort(),
      );
    }
    for (const d of declared.filter((x) => x.erase !== 'pseudonymize'))
      expect(d.times ?? [], `${d.key}: times only mean something for pseudonymize`).toEqual([]);
  });

  it('says what each kind of row is, in English and in Italian', () => {
    for (const d of declared) {
      expect(catalog('en')[d.label], d.key).toBeTruthy();
      expect(catalog('it')[d.label], d.key).toBeTruthy();
    }
  });

  it('is declared by every feature', () => {
    for (const feature of features)
      expect(Array.isArray(feature.memberData.columns), feature.name).toBe(true);
  });

  it('is told in PRIVACY.md: every feature that stores members has a row in "What Hearth stores"', () => {
    const text = readFileSync(new URL('../../PRIVACY.md', import.meta.url), 'utf8');
    const section = text.slice(
      text.indexOf('## What Hearth stores'),
      text.indexOf('\n## ', text.indexOf('## What Hearth stores') + 1),
    );
    // The last cell of each table row names the feature.
    const named = new Set(
      section
        .split('\n')
        .filter((line) => line.startsWith('|'))
        .map((line) => line.split('|').at(-2)!.trim()),
    );
    const storing = features
      .filter((f) => f.memberData.columns.some((c) => c.erase !== 'clear'))
      .map((f) => f.name);
    expect(storing.filter((name) => !named.has(name))).toEqual([]);
  });
});
