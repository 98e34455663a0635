/**
 * `/insights events`: per ended event of a period, turnout (going → attended), no-shows (a count,
 * never names), waitlist demand, feedback scores; and, over the period, repeat attendees (members
 * who attended two events or more). Pure: the rows come from the events feature (api.ts).
 *
 * Privacy: members who asked not to be counted (`/privacy hide`) are left out of every figure
 * by the one rule of insights (`leftOutOfFigure`, decided by the caller). A feedback average of
 * fewer than the anonymity minimum of ratings would give a member's rating away: it is then not
 * shown, only the count.
 */
import type { EventForFigures } from '../events/api.js';

export interface EventFigure {
  readonly id: number;
  readonly title: string;
  readonly startsAt: number;
  readonly capacity: number | null;
  /** Members holding a place when the event ended. */
  readonly going: number;
  /** Of those, how many attended. */
  readonly attendedGoing: number;
  /** Everyone marked present (a member marked present without a place counts too). */
  readonly attended: number;
  /** Members with a place who did not come. */
  readonly noShows: number;
  /** How many joined the waitlist (ever), and how many offers lapsed unanswered. */
  /** Null when members are left out: a ticket count cannot leave them out. */
  readonly joinedWaitlist: number | null;
  readonly offersLapsed: number;
  /** Still waiting when the event ended. */
  readonly stillWaiting: number;
  readonly ratings: number;
  /** Null when there are fewer ratings than the minimum (or none). */
  readonly averageRating: number | null;
}

export interface EventsFigures {
  readonly events: readonly EventFigure[];
  /** Members who attended at least two of the period's events. */
  readonly repeatAttendees: number;
  /** Distinct members who attended any of them. */
  readonly attendees: number;
}

export function eventFigures(
  events: readonly EventForFigures[],
  leftOut: ReadonlySet<string>,
  minRatings: number,
): EventsFigures {
  const attendedBy = new Map<string, number>();
  const out = events.map((e): EventFigure => {
    const answers = e.answers.filter((a) => !leftOut.has(a.userId));
    const ratings = e.ratings.filter((r) => !leftOut.has(r.userId));
    const going = answers.filter((a) => a.status === 'going');
    for (const a of answers)
      if (a.attended === 1) attendedBy.set(a.userId, (attendedBy.get(a.userId) ?? 0) + 1);
    const sum = ratings.reduce((s, r) => s + r.rating, 0);
    return {
      id: e.id,
      title: e.title,
      startsAt: e.startsAt,
      capacity: e.capacity,
      going: going.length,
      attendedGoing: going.filter((a) => a.attended === 1).length,
      attended: answers.filter((a) => a.attended === 1).length,
      noShows: going.filter((a) => a.attended === 0).length,
      // Tickets are counted, not kept per member after a place is taken: the count cannot leave
      // a hidden member out, so it is shown only when nobody is left out of the figures.
      joinedWaitlist: leftOut.size > 0 ? null : e.ticketsIssued,
      offersLapsed: answers.filter((a) => a.status === 'expired').length,
      stillWaiting: answers.filter((a) => a.status === 'waiting').length,
      ratings: ratings.length,
      averageRating:
        ratings.length > 0 && ratings.length >= minRatings ? sum / ratings.length : null,
    };
  });
  return {
    events: out,
    repeatAttendees: [...attendedBy.values()].filter((n) => n >= 2).length,
    attendees: attendedBy.size,
  };
}
