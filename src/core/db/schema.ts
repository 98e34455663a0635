import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Times are integer milliseconds since the Unix epoch (UTC);
 * Discord ids are text (snowflakes exceed JavaScript's safe integers).
 *
 * Every table of community data carries `guild_id`, references `guilds` with ON DELETE CASCADE,
 * and is only ever queried with the guild Discord put in the event.
 */
export interface Database {
  guilds: GuildTable;
  questionnaires: QuestionnaireTable;
  questions: QuestionTable;
  question_revisions: QuestionRevisionTable;
  choice_roles: ChoiceRoleTable;
  onboarding_members: OnboardingMemberTable;
  answers: AnswerTable;
  answer_choices: AnswerChoiceTable;
  answer_drafts: AnswerDraftTable;
  manager_notices: ManagerNoticeTable;
  membership_settings: MembershipSettingsTable;
  seats: SeatTable;
  memberships: MembershipTable;
  member_activity: MemberActivityTable;
  prompts: PromptTable;
  schedules: ScheduleTable;
  occurrences: OccurrenceTable;
  schedule_deck: ScheduleDeckTable;
  prompt_replies: PromptReplyTable;
  polls: PollTable;
  poll_voters: PollVoterTable;
  poll_choices: PollChoiceTable;
  poll_tallies: PollTallyTable;
  poll_texts: PollTextTable;
  poll_shown_tallies: PollTallyTable;
  poll_shown_texts: PollShownTextTable;
  poll_shown_rankings: PollShownRankingTable;
  poll_drafts: PollDraftTable;
  poll_edits: PollEditTable;
  poll_suggestions: PollSuggestionTable;
  surveys: SurveyTable;
  survey_series: SurveySeriesTable;
  message_events: MessageEventTable;
  member_days: MemberDayTable;
  word_days: WordDayTable;
  member_events: MemberEventTable;
  insight_optouts: InsightOptoutTable;
  digests: DigestTable;
  command_deploys: CommandDeployTable;
  member_departures: MemberDepartureTable;
  member_erasures: MemberErasureTable;
  member_bars: MemberBarTable;
  kept_rejections: KeptRejectionTable;
  outbox: OutboxTable;
  outbox_decisions: OutboxDecisionTable;
  outbox_turns: OutboxTurnTable;
  member_roster: MemberRosterTable;
  member_roles: MemberRoleTable;
  segments: SegmentTable;
  segment_members: SegmentMemberTable;
  segment_role_grants: SegmentRoleGrantTable;
  events: EventTable;
  event_rsvps: EventRsvpTable;
  event_reminders: EventReminderTable;
  event_feedback: EventFeedbackTable;
  event_member_prefs: EventMemberPrefTable;
  event_mirror_pauses: EventMirrorPauseTable;
  event_series: EventSeriesTable;
  intro_settings: IntroSettingsTable;
  intro_members: IntroMemberTable;
  intro_exclusions: IntroExclusionTable;
  intro_rounds: IntroRoundTable;
  intro_groups: IntroGroupTable;
  intro_group_members: IntroGroupMemberTable;
  intro_reply_pairs: IntroReplyPairTable;
}

export interface GuildTable {
  guild_id: string;
  language: 'en' | 'it';
  /** IANA time zone name, validated before it is stored. */
  timezone: string;
  manager_role_id: string | null;
  member_role_id: string | null;
  welcome_channel_id: string | null;
  announcements_channel_id: string | null;
  log_channel_id: string | null;
  joined_at: number;
  /** Set when the bot is removed from the guild; its data is purged after the retention window. */
  left_at: number | null;
  updated_at: number;
  /** Bumped on every settings change; lets tests and audits see that nothing was written. */
  settings_version: Generated<number>;
}

export type GuildRow = Selectable<GuildTable>;
export type NewGuildRow = Insertable<GuildTable>;
export type GuildUpdate = Updateable<GuildTable>;

export interface QuestionnaireTable {
  guild_id: string;
  enabled: number;
  admission_mode: 'auto' | 'approval';
  /** When onboarding was last turned on: members who joined before it are not asked. */
  enabled_at: number | null;
  /** Bumped on every change to the questions. */
  version: Generated<number>;
  updated_at: number;
}

export interface QuestionTable {
  id: Generated<number>;
  guild_id: string;
  position: number;
  current_revision: number;
  retired_at: number | null;
  created_at: number;
}

export interface QuestionRevisionTable {
  question_id: number;
  revision: number;
  guild_id: string;
  /** JSON of a `QuestionDefinition`. */
  definition: string;
  created_at: number;
}

export interface ChoiceRoleTable {
  guild_id: string;
  question_id: number;
  choice_key: string;
  role_id: string;
}

export type OnboardingStatus =
  'screening' | 'welcomed' | 'in_progress' | 'pending_approval' | 'completed' | 'rejected';

export interface OnboardingMemberTable {
  guild_id: string;
  user_id: string;
  status: OnboardingStatus;
  joined_at: number;
  left_at: number | null;
  welcomed_at: number | null;
  started_at: number | null;
  completed_at: number | null;
  decided_at: number | null;
  decided_by: string | null;
  /** The member was told, on a later stay, that a rejection still stands. */
  decision_told: Generated<number>;
}

export interface AnswerTable {
  guild_id: string;
  user_id: string;
  question_id: number;
  revision: number;
  /** JSON of an `AnswerValue`. */
  value: string;
  answered_at: number;
}

export interface AnswerChoiceTable {
  guild_id: string;
  user_id: string;
  question_id: number;
  choice_key: string;
}

export interface AnswerDraftTable {
  guild_id: string;
  user_id: string;
  question_id: number;
  /** JSON of the raw submitted value. */
  raw: string;
  saved_at: number;
}

export interface ManagerNoticeTable {
  guild_id: string;
  key: string;
  sent_at: number;
}

export interface MembershipSettingsTable {
  guild_id: string;
  /** Seats for admitted members; null means no cap. */
  cap: number | null;
  /** Seats held back for invitations: automatic admission leaves them free. */
  reserved: number;
  /** When set, a promoted member must confirm within this many hours. */
  confirm_hours: number | null;
  /** What happens to someone who lets a seat offer expire. */
  skip_policy: 'keep' | 'drop';
  next_ticket: number;
  updated_at: number;
  /** Until when joins were seen (moved every minute): a later join happened while offline. */
  joins_seen_at: number | null;
}

export interface SeatTable {
  guild_id: string;
  seat: number;
  retiring: number;
  vacated_at: number | null;
}

export type MembershipState = 'admitted' | 'invited' | 'waiting' | 'removed' | 'left' | 'dropped';

export interface MembershipTable {
  guild_id: string;
  user_id: string;
  state: MembershipState;
  seat: number | null;
  ticket: number | null;
  waiting_since: number | null;
  admitted_at: number | null;
  invite_expires_at: number | null;
  last_expired_at: number | null;
  role_synced: number;
  updated_at: number;
  /** Set when a manager removed the member: they get no seat again until a manager lets them back. */
  barred_at: number | null;
  /** Who removed them (null: the member role was taken away by hand on Discord). */
  barred_by: string | null;
  /** The barred member was told once that the removal still stands. */
  barred_told: Generated<number>;
}

export interface MemberActivityTable {
  guild_id: string;
  user_id: string;
  last_message_at: number;
}

export interface PromptTable {
  id: Generated<number>;
  guild_id: string;
  text: string;
  tag: string | null;
  author_id: string | null;
  /** The author agreed to be credited when the prompt is posted. */
  credit: number;
  status: 'active' | 'pending' | 'rejected' | 'removed';
  used_count: Generated<number>;
  last_used_at: number | null;
  created_at: number;
}

export interface ScheduleTable {
  id: Generated<number>;
  guild_id: string;
  channel_id: string;
  /** JSON of a `ScheduleRule`. */
  rule: string;
  tag: string | null;
  pick: 'queue' | 'least_used' | 'random';
  state: 'active' | 'paused';
  paused_reason: string | null;
  next_run_at: number | null;
  created_at: number;
  /** A segment the schedule is aimed at (its channel was checked to be one they can see). */
  segment_id: number | null;
  /** A role each post mentions. */
  mention_role_id: string | null;
  /**
   * Which of the server's numbered places (below the cap) the schedule holds, unique per
   * server: the unique key is what keeps two simultaneous creates from passing the cap.
   */
  slot: Generated<number>;
}

export interface OccurrenceTable {
  id: Generated<number>;
  schedule_id: number;
  guild_id: string;
  due_at: number;
  prompt_id: number | null;
  status: 'claimed' | 'posted' | 'missed' | 'failed' | 'empty';
  channel_id: string;
  nonce: string;
  attempts: Generated<number>;
  message_id: string | null;
  thread_id: string | null;
  claimed_at: number;
  posted_at: number | null;
  /** 0 for a missed run whose server has not been told yet (one notice per server). */
  notified: Generated<number>;
  /** 1 for a run asked for with `/schedule now`. */
  manual: Generated<number>;
}

export interface ScheduleDeckTable {
  schedule_id: number;
  prompt_id: number;
}

export interface PromptReplyTable {
  message_id: string;
  occurrence_id: number;
  guild_id: string;
  user_id: string;
  at: number;
}

export interface PollTable {
  id: Generated<number>;
  guild_id: string;
  channel_id: string;
  message_id: string | null;
  title: string;
  /** JSON of the poll's forms-kit questions (older rows: the pre-kit shape; see polls/questions.ts). */
  questions: string;
  anonymous: number;
  results: 'live' | 'hidden';
  /** JSON array of role ids; empty means everyone. */
  audience: string;
  /** A segment as the audience: only its members may vote. */
  segment_id: number | null;
  status: 'open' | 'closed';
  closes_at: number | null;
  remind_at: number | null;
  reminded: Generated<number>;
  voters: Generated<number>;
  dirty: Generated<number>;
  rendered_at: Generated<number>;
  created_at: number;
  closed_at: number | null;
  /**
   * Anonymous polls: the poll's own voter key, sealed under the master key (hearth.key). Deleted
   * when the poll closes, which makes its votes unlinkable for good.
   */
  voter_key: string | null;
  /** Votes and changed votes so far. */
  ballots: Generated<number>;
  /** Anonymous polls: the ballots and voters counted in what managers see (`poll_shown_*`). */
  shown_ballots: Generated<number>;
  shown_voters: Generated<number>;
  /** JSON of the poll's skip rules (see polls/branches.ts); `[]` for a poll without. */
  branches: Generated<string>;
  /** The survey this poll is a round of (surveys/service.ts); null for a plain poll. */
  survey_id: number | null;
  /** 1 once a manager fixed its wording after the first answer: shown as edited. */
  edited: Generated<number>;
  /** Bumped by every edit: a vote is taken only against the version its form was rendered from. */
  version: Generated<number>;
  /** 1: options may be added after the first answers (`/poll create add_options:True`). */
  options_open: Generated<number>;
  /** The round of its survey's pulse series this poll is (unique per survey); null otherwise. */
  series_round: number | null;
}

/**
 * One edit of a published poll: the version it made, who and when, whether people had answered
 * (then it was a wording fix, see polls/edits.ts), and the wording before and after, as JSON of
 * `{ title, questions }`.
 */
/**
 * An option a member suggested for a poll that allows it, waiting for a manager or decided.
 * `suggester_key` is a keyed fingerprint of the poll and the member (never their id).
 */
export interface PollSuggestionTable {
  id: Generated<number>;
  guild_id: string;
  poll_id: number;
  question: number;
  label: string;
  /** The label folded for comparison (case, width, spaces): duplicates are refused by it. */
  label_key: string;
  suggester_key: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: number;
}

export interface PollEditTable {
  poll_id: number;
  version: number;
  edited_by: string | null;
  edited_at: number;
  after_answers: number;
  old_text: string;
  new_text: string;
}

/**
 * The pages a member saved of a survey they have not finished. No time, no rowid. In an anonymous
 * poll `voter` is a hash of the voter key and `answers` is sealed under a key derived from it.
 */
export interface PollDraftTable {
  poll_id: number;
  voter: string;
  /** The next page to answer (0 first). */
  page: number;
  /** JSON of `{ [question index]: RawAnswer }`, or (anonymous) that JSON sealed. */
  answers: string;
}

/** A survey a manager builds: questions with stable ids, skip rules, then published as polls. */
export interface SurveyTable {
  id: Generated<number>;
  guild_id: string;
  title: string;
  /** JSON of `{ id, question }[]`, `question` as a manager describes it (polls' PollQuestion). */
  questions: Generated<string>;
  /** JSON of `{ from, choice, to }[]` by question id (`to` 0: the end). */
  branches: Generated<string>;
  /** The id the next question gets. */
  next_question: Generated<number>;
  /** The manager who made it. */
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** A pulse survey: a survey posted again every week, month or quarter (surveys/pulse.ts). */
export interface SurveySeriesTable {
  id: Generated<number>;
  guild_id: string;
  survey_id: number;
  channel_id: string;
  cadence: 'weekly' | 'monthly' | 'quarterly';
  /** The local hour (server's time zone) a round opens. */
  hour: number;
  /** JSON of the publishing settings (anonymous, results, audience, segment, hours open). */
  settings: string;
  /** The next round's time, UTC; null once it cannot be worked out. */
  next_round_at: number | null;
  next_round: Generated<number>;
  created_by: string | null;
  created_at: number;
}

export interface PollVoterTable {
  poll_id: number;
  voter: string;
  voted_at: number;
}

export interface PollChoiceTable {
  poll_id: number;
  voter: string;
  question: number;
  choice: number;
  /** Ranking questions: the option's place on the ballot (1 first); null for other kinds. */
  rank: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface PollTallyTable {
  poll_id: number;
  question: number;
  choice: number;
  votes: number;
  /** Ranking questions: the Borda points the option earned; 0 for other kinds. */
  points: Generated<number>;
}

/**
 * Written answers. `id` is random, so no counter tells their order; in an anonymous poll `voter`
 * is a per-question key (null once the poll closes) and `at` is the poll's day.
 */
export interface PollTextTable {
  poll_id: number;
  question: number;
  id: string;
  voter: string | null;
  text: string;
  at: number;
}

/** The written answers managers see of an open anonymous poll: a snapshot, with no voter. */
export interface PollShownTextTable {
  poll_id: number;
  question: number;
  id: string;
  text: string;
}

/** The ranking ballots managers see of an open anonymous poll: a snapshot, with no voter. */
export interface PollShownRankingTable {
  poll_id: number;
  question: number;
  /** Random: no counter tells the ballots' order. */
  id: string;
  /** JSON array of the ranked choice indexes, first place first. */
  choices: string;
}

export interface MessageEventTable {
  id: Generated<number>;
  guild_id: string;
  user_id: string;
  channel_id: string;
  /** Days since 1970-01-01 in UTC. */
  day: number;
  at: number;
  staff: number;
  reply_to: 'member' | 'staff' | 'bot' | null;
  starts_thread: number;
  words: number | null;
}

export interface MemberDayTable {
  guild_id: string;
  user_id: string;
  day: number;
  staff: number;
  messages: number;
  top_level: number;
  replies_member: number;
  replies_staff: number;
  replies_bot: number;
  threads: number;
  words: number;
  /** Messages whose words were counted (MessageContent on). */
  counted: number;
}

export interface WordDayTable {
  guild_id: string;
  day: number;
  words: number;
  messages: number;
}

export interface MemberEventTable {
  guild_id: string;
  user_id: string;
  kind: 'join' | 'leave';
  at: number;
  /**
   * On a join kept without its member's name (an erase): the weeks after it they were active,
   * bit i for RETENTION_WEEKS[i], since nothing links the row to their daily totals any more.
   * Null on every other row.
   */
  active_weeks: number | null;
}

export interface InsightOptoutTable {
  guild_id: string;
  user_id: string;
}

export interface DigestTable {
  guild_id: string;
  week_of: number;
  posted_at: number | null;
}

/** The last slash command deploy per scope ('global' or a server id), to redeploy only on change. */
export interface CommandDeployTable {
  scope: string;
  /** sha256 of the application id and the definitions' JSON. */
  hash: string;
  deployed_at: number;
}

/** A member who left a server: their data is erased when the retention window has passed. */
export interface MemberDepartureTable {
  guild_id: string;
  user_id: string;
  left_at: number;
}

/** A member who erased their data and stayed: a keyed hash, never their id (see member-data.ts). */
export interface MemberErasureTable {
  guild_id: string;
  subject: string;
  erased_at: number;
}

/**
 * A manager's removal of a member who then erased their data: the bar stands, under a keyed
 * fingerprint of the member (never their id), until a manager lets them back in.
 */
export interface MemberBarTable {
  guild_id: string;
  /** `keptSubject(key, 'bar', guild, user)`: names nobody without Hearth's key. */
  subject: string;
  /** The day (UTC, start) of the removal. */
  barred_on: number;
  /** They were told once, on a return, that the removal stands (0/1). */
  told: Generated<number>;
}

/**
 * A manager's rejection of a member who then erased their data: the cooldown before they may
 * answer again stands, under a keyed fingerprint of the member (never their id), until it ends.
 */
export interface KeptRejectionTable {
  guild_id: string;
  /** `keptSubject(key, 'reject', guild, user)`: names nobody without Hearth's key. */
  subject: string;
  /** The decision's time rounded up to the hour (the cooldown counts from it). */
  rejected_at: number;
}

export type OutboxState = 'pending' | 'done' | 'failed' | 'dropped';

/** One effect Hearth owes Discord (a post, a role change), written with the decision that needs it. */
export interface OutboxTable {
  id: Generated<number>;
  guild_id: string;
  /** Which registered effect carries it out, such as `prompts.post`. */
  kind: string;
  /** Unique: one row per intended effect, however many times it is asked for. */
  dedupe_key: string;
  /** JSON, validated by the kind's schema when written and when carried out. */
  payload: string;
  /** The channel it posts in (per-channel pacing), or null. */
  channel_id: string | null;
  /** The member the effect is about (a DM, a role), if any: erasing their data deletes the row. */
  subject_id: string | null;
  state: OutboxState;
  attempts: Generated<number>;
  /** Due time; after a passing failure, when to try again. */
  next_attempt_at: number;
  first_attempt_at: number | null;
  /** The worker holding the row, until `lease_until`; a crashed worker's rows are taken over. */
  claimed_by: string | null;
  lease_until: number | null;
  /** What earlier attempts achieved (kind-private JSON). */
  progress: string | null;
  /** A short code for the last failure, such as `discord:50013`; never member text. */
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

export type OutboxRow = Selectable<OutboxTable>;

/** The one counter of decisions whose effects are named by number ({@link newDecision}). */
export interface OutboxDecisionTable {
  /** Always 1: one row. */
  id: number;
  last: number;
}

/** The outbox's round-robin cursor: when each server last had a row claimed (claimDue in src/core/outbox/store.ts). */
export interface OutboxTurnTable {
  guild_id: string;
  /** Increases with every claim: the server with the lowest (or none) is served first. */
  turn: number;
}
/** Who is in the server now (from the gateway), for segments; `left_at` once they leave. */
export interface MemberRosterTable {
  guild_id: string;
  user_id: string;
  joined_at: number;
  left_at: number | null;
  updated_at: number;
}

export interface MemberRoleTable {
  guild_id: string;
  user_id: string;
  role_id: string;
}

export interface SegmentTable {
  id: Generated<number>;
  guild_id: string;
  name: string;
  /** JSON of a versioned `SegmentRules`. */
  rules: string;
  member_count: Generated<number>;
  /** JSON array of the problems found in the rules (removed questions or choices). */
  problems: Generated<string>;
  /** The inputs the cached membership was computed from; null when it must be recomputed. */
  inputs: string | null;
  computed_at: number | null;
  role_id: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface SegmentMemberTable {
  segment_id: number;
  guild_id: string;
  user_id: string;
  since: number;
}

/** A member Hearth gave a segment's role to (unique per guild, segment and member). */
export interface SegmentRoleGrantTable {
  id: Generated<number>;
  guild_id: string;
  segment_id: number;
  user_id: string;
  role_id: string;
  granted_at: number;
}

export type EventStatus = 'open' | 'cancelled' | 'ended';

/** An event members answer Going / Maybe / Can't go to, with an optional cap and a waitlist. */
export interface EventTable {
  id: Generated<number>;
  guild_id: string;
  channel_id: string;
  message_id: string | null;
  title: string;
  description: Generated<string>;
  /** A place, a link or a channel mention, as the organiser wrote it. */
  location: Generated<string>;
  starts_at: number;
  ends_at: number;
  /** Null: no cap. */
  capacity: number | null;
  audience_role_id: string | null;
  audience_segment_id: number | null;
  rsvp_closes_at: number;
  offer_hours: Generated<number>;
  /** JSON array of minutes before the start. */
  reminders: Generated<string>;
  status: EventStatus;
  next_ticket: Generated<number>;
  render_pending: Generated<number>;
  render_seq: Generated<number>;
  created_at: number;
  ended_at: number | null;
  /** The Discord scheduled event mirroring it, once made. */
  scheduled_event_id: string | null;
  /** A voice or stage channel the event is in (Discord lists it as the place). */
  voice_channel_id: string | null;
  /** Discord's entity type of that channel: 1 stage, 2 voice; null with no channel. */
  voice_entity_type: number | null;
  /** Bumped by every edit and the cancellation: the calendar file's SEQUENCE. */
  sequence: Generated<number>;
  /** The series this event is an occurrence of; null for a one-off event. */
  series_id: Generated<number | null>;
  /** The start the series' rule gave this occurrence (unique per series; edits never move it). */
  occurrence_at: Generated<number | null>;
}

/** A recurring event's rule, in the zone its occurrences are computed in. */
export interface EventSeriesTable {
  id: Generated<number>;
  guild_id: string;
  /** JSON: the recurrence rule (see features/events/recurrence.ts). */
  rule: string;
  zone: string;
  status: Generated<'active' | 'cancelled'>;
  created_at: number;
  ended_at: number | null;
}

/** A server where Discord refused Hearth its scheduled events: mirroring waits for a fix. */
export interface EventMirrorPauseTable {
  guild_id: string;
  reason: string;
  paused_at: number;
}

export type RsvpStatus = 'going' | 'offered' | 'waiting' | 'maybe' | 'declined' | 'expired';

/** One member's answer to one event: a seat while going or offered, a ticket while waiting. */
export interface EventRsvpTable {
  event_id: number;
  guild_id: string;
  user_id: string;
  status: RsvpStatus;
  seat: number | null;
  ticket: number | null;
  offer_expires_at: number | null;
  attended: number | null;
  checked_in_at: number | null;
  responded_at: number;
  updated_at: number;
}

/** A reminder of an event, claimed once (sent, or skipped when it came too late). */
export interface EventReminderTable {
  event_id: number;
  minutes_before: number;
  outcome: 'sent' | 'skipped';
  claimed_at: number;
}

export interface EventFeedbackTable {
  event_id: number;
  guild_id: string;
  user_id: string;
  rating: number;
  at: number;
}

export interface EventMemberPrefTable {
  guild_id: string;
  user_id: string;
  reminders: number;
  updated_at: number;
}

/** Introductions of one server: when rounds run, who may join, what to match on. */
export interface IntroSettingsTable {
  guild_id: string;
  enabled: Generated<number>;
  cadence: 'weekly' | 'biweekly' | 'monthly';
  /** 0 Sunday … 6 Saturday, in the server's time zone (monthly: the first such day). */
  weekday: number;
  hour: number;
  minute: Generated<number>;
  group_size: number;
  channel_id: string;
  audience_role_id: string | null;
  audience_segment_id: number | null;
  /** JSON array of `{ question, mode }` (share, complement, mix). */
  criteria: Generated<string>;
  history_rounds: Generated<number>;
  next_round_at: number;
  updated_at: number;
}

/** A member's choice about introductions: in (maybe paused) or out. */
export interface IntroMemberTable {
  guild_id: string;
  user_id: string;
  status: 'in' | 'out';
  paused_until: number | null;
  /** Check-ins in a row left unanswered. */
  ignored: Generated<number>;
  /** When they were asked whether to stay, pause or leave (not paired until they answer). */
  asked_at: number | null;
  /** When they were told they are outside the audience (the role, the segment); null when inside. */
  outside_at: number | null;
  updated_at: number;
}

/** "Don't match me with X": X as a keyed hash, never shown to X. */
export interface IntroExclusionTable {
  guild_id: string;
  user_id: string;
  /** The member avoided, as avoidKey (keyed with Hearth's key, which is not in the database). */
  other_key: string;
  created_at: number;
}

export interface IntroRoundTable {
  id: Generated<number>;
  guild_id: string;
  seq: number;
  due_at: number;
  /** The matcher's seed: the round can be explained afterwards. */
  seed: number;
  pool: number;
  /** Pairs repeated within the window because the pool was too small. */
  repeats: Generated<number>;
  checkin_at: number;
  checkin_done: Generated<number>;
  ends_at: number;
  created_at: number;
}

export interface IntroGroupTable {
  id: Generated<number>;
  round_id: number;
  guild_id: string;
  thread_id: string | null;
  created_at: number;
}

export interface IntroGroupMemberTable {
  group_id: number;
  round_id: number;
  guild_id: string;
  user_id: string;
  met: 'yes' | 'not_yet' | 'skip' | null;
  answered_at: number | null;
}

/**
 * The first reply between two members who both take part in introductions: the pair (the lower
 * id first) and the day (UTC midnight, ms). Never the message. Kept six months.
 */
export interface IntroReplyPairTable {
  guild_id: string;
  user_low: string;
  user_high: string;
  first_at: number;
}
