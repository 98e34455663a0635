import type { Migration } from 'kysely';
import * as guilds from './2026-11-21T1200_guilds.js';
import * as onboarding from './2026-11-22T0900_onboarding.js';
import * as membership from './2026-11-22T1400_membership.js';
import * as prompts from './2026-11-22T1800_prompts.js';
import * as polls from './2026-11-22T2200_polls.js';
import * as insights from './2026-11-23T0900_insights.js';
import * as commandDeploys from './2026-12-01T2300_command_deploys.js';
import * as dataRights from './2026-12-02T0900_data_rights.js';
import * as outbox from './2026-12-02T1200_outbox.js';
import * as promptRuns from './2026-12-02T1300_prompt_runs.js';
import * as segments from './2026-12-02T1400_segments.js';
import * as segmentTargets from './2026-12-02T1430_segment_targets.js';
import * as pollRanking from './2026-12-03T0900_poll_ranking.js';
import * as events from './2026-12-03T1000_events.js';
import * as lifecycle from './2026-12-03T1100_lifecycle.js';
import * as unlinkedErasures from './2026-12-03T1200_unlinked_erasures.js';
import * as intros from './2026-12-04T0900_intros.js';
import * as anonymity from './2026-12-04T1000_anonymity.js';
import * as outboxDecisions from './2026-12-05T0900_outbox_decisions.js';
import * as surveys from './2026-12-05T1000_surveys.js';
import * as memberBars from './2026-12-05T1100_member_bars.js';
import * as keptRejections from './2026-12-06T0900_kept_rejections.js';
import * as outboxTurns from './2026-12-06T1000_outbox_turns.js';
import * as introAudience from './2026-12-06T1400_intro_audience.js';
import * as queryIndexes from './2026-12-07T0900_query_indexes.js';
import * as eventMirror from './2026-12-07T1000_event_mirror.js';
import * as pollEdits from './2026-12-08T0900_poll_edits.js';
import * as introReplyPairs from './2026-12-08T1000_intro_reply_pairs.js';
import * as introAvoidKey from './2026-12-08T1100_intro_avoid_key.js';
import * as scheduleSlots from './2026-12-08T1100_schedule_slots.js';
import * as joinsSeen from './2026-12-08T1200_joins_seen.js';
import * as eventSeries from './2026-12-09T0900_event_series.js';
import * as pulseSeries from './2026-12-09T1000_pulse_series.js';
import * as segmentRoleGrants from './2026-12-09T1100_segment_role_grants.js';
import * as pollSuggestions from './2026-12-09T1200_poll_suggestions.js';

/**
 * Every migration, keyed by a date-prefixed name so lexical order is apply order. Listed in code
 * rather than read from the folder, so a missing or broken file fails the typecheck, not a start-up.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026-11-21T1200_guilds': guilds,
  '2026-11-22T0900_onboarding': onboarding,
  '2026-11-22T1400_membership': membership,
  '2026-11-22T1800_prompts': prompts,
  '2026-11-22T2200_polls': polls,
  '2026-11-23T0900_insights': insights,
  '2026-12-01T2300_command_deploys': commandDeploys,
  '2026-12-02T0900_data_rights': dataRights,
  '2026-12-02T1200_outbox': outbox,
  '2026-12-02T1300_prompt_runs': promptRuns,
  '2026-12-02T1400_segments': segments,
  '2026-12-02T1430_segment_targets': segmentTargets,
  '2026-12-03T0900_poll_ranking': pollRanking,
  '2026-12-03T1000_events': events,
  '2026-12-03T1100_lifecycle': lifecycle,
  '2026-12-03T1200_unlinked_erasures': unlinkedErasures,
  '2026-12-04T0900_intros': intros,
  '2026-12-04T1000_anonymity': anonymity,
  '2026-12-05T0900_outbox_decisions': outboxDecisions,
  '2026-12-05T1000_surveys': surveys,
  '2026-12-05T1100_member_bars': memberBars,
  '2026-12-06T0900_kept_rejections': keptRejections,
  '2026-12-07T0900_query_indexes': queryIndexes,
  '2026-12-06T1000_outbox_turns': outboxTurns,
  '2026-12-06T1400_intro_audience': introAudience,
  '2026-12-07T1000_event_mirror': eventMirror,
  '2026-12-08T0900_poll_edits': pollEdits,
  '2026-12-08T1000_intro_reply_pairs': introReplyPairs,
  '2026-12-08T1100_intro_avoid_key': introAvoidKey,
  '2026-12-08T1100_schedule_slots': scheduleSlots,
  '2026-12-08T1200_joins_seen': joinsSeen,
  '2026-12-09T0900_event_series': eventSeries,
  '2026-12-09T1000_pulse_series': pulseSeries,
  '2026-12-09T1100_segment_role_grants': segmentRoleGrants,
  '2026-12-09T1200_poll_suggestions': pollSuggestions,
};
