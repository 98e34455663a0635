/**
 * Insights' part of the data map. Raw message events (channel and exact time: enough to find the
 * message on Discord, and so its author) are deleted on erase; the figures never read them. The
 * daily totals and the joins and departures are kept under random stand-ins, so active members,
 * joins, retention and every other community figure count exactly as before, naming nobody:
 * the daily totals under one stand-in (active members over a month count distinct people over
 * them), each join or departure under its own, at its day. Nothing links the two: what the
 * retention figure read from that link, the weeks after a join the member was active, the join
 * keeps itself (keepRetentionOf, run before the stand-ins are written).
 */
import type { MemberData } from '../../core/member-data.js';
import './messages.js';

export const insightsColumns: MemberData['columns'] = [
  { table: 'message_events', column: 'user_id', erase: 'delete', label: 'insights.data.events' },
  { table: 'member_days', column: 'user_id', erase: 'pseudonymize', label: 'insights.data.days' },
  {
    table: 'member_events',
    column: 'user_id',
    erase: 'pseudonymize',
    linkage: 'row',
    times: ['at'],
    label: 'insights.data.joins',
  },
  { table: 'insight_optouts', column: 'user_id', erase: 'delete', label: 'insights.data.hidden' },
];
