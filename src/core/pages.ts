/**
 * Lists that never outgrow a message: lines are packed into pages that fit Discord's 2,000
 * characters, and a row of Previous / Next buttons turns the pages. The page lives in the
 * buttons' custom ids (a feature's typed route), so a press re-reads the list, as it is now,
 * and shows that page of it; the router checks the guild and the audience on every press.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
} from 'discord-api-types/v10';
import { clip, DISCORD_LIMITS } from './text.js';
import type { Translate } from './i18n.js';

/** Room kept for a confirmation shown above a list's first page ("Question 3 updated."). */
export const LIST_PREFIX_MAX = 400;
/** Room for a list's heading. */
export const LIST_HEADER_MAX = 200;
/** Room for the list itself on each page: the rest of a message. */
export const LIST_PAGE_BUDGET = DISCORD_LIMITS.content - LIST_PREFIX_MAX - LIST_HEADER_MAX - 4;
/** At most this many lines a page, however short: a page is read at a glance. */
export const LIST_PAGE_LINES = 20;

/**
 * `lines` packed into pages of at most `budget` characters (joined by line breaks) and `maxLines`
 * lines. A line longer than a whole page is cut where it is shown. An empty list is one empty page.
 */
export function pageLines(
  lines: readonly string[],
  budget = LIST_PAGE_BUDGET,
  maxLines = LIST_PAGE_LINES,
): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let size = 0;
  for (const raw of lines) {
    const line = clip(raw, budget);
    const cost = line.length + (page.length > 0 ? 1 : 0);
    if (page.length > 0 && (size + cost > budget || page.length >= maxLines)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    size += line.length + (page.length > 0 ? 1 : 0);
    page.push(line);
  }
  pages.push(page);
  return pages;
}

/** Previous, "Page 2 of 5" and Next, or nothing for a one-page list. */
export function pagerRow(
  customIdOf: (page: number) => string,
  page: number,
  pageCount: number,
  t: Translate,
): APIActionRowComponent<APIButtonComponent>[] {
  if (pageCount <= 1) return [];
  const button = (
    customId: string,
    label: string,
    disabled: boolean,
    style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary,
  ): APIButtonComponent => ({
    type: ComponentType.Button,
    style,
    custom_id: customId,
    label: clip(label, DISCORD_LIMITS.buttonLabel),
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button(customIdOf(page - 1), t('pager.previous'), page <= 0),
        button(
          customIdOf(page),
          t('pager.page', { page: page + 1, count: pageCount }),
          true,
          ButtonStyle.Primary,
        ),
        button(customIdOf(page + 1), t('pager.next'), page >= pageCount - 1),
      ],
    },
  ];
}

export interface ListView {
  /** Shown above the first page when the list is the answer to a change (not on page presses). */
  readonly prefix?: string | undefined;
  readonly header: string;
  readonly lines: readonly string[];
  /** Shown instead of the lines when there are none. */
  readonly empty?: string;
  /** The page asked for; it is kept within the pages the list has now. */
  readonly page: number;
  readonly customIdOf: (page: number) => string;
  readonly t: Translate;
}

/** One page of a list as a message: text within 2,000 characters and the pager buttons. */
export function listMessage(view: ListView): {
  content: string;
  components: APIActionRowComponent<APIButtonComponent>[];
  page: number;
  pageCount: number;
} {
  const pages = pageLines(view.lines);
  const page = Math.min(Math.max(0, Math.trunc(view.page)), pages.length - 1);
  const body = view.lines.length === 0 && view.empty !== undefined ? [view.empty] : pages[page]!;
  const parts = [
    ...(view.prefix === undefined || view.prefix.length === 0
      ? []
      : [clip(view.prefix, LIST_PREFIX_MAX), '']),
    clip(view.header, LIST_HEADER_MAX),
    ...body.map((line) => clip(line, LIST_PAGE_BUDGET)),
  ];
  return {
    content: clip(parts.join('\n'), DISCORD_LIMITS.content),
    components: pagerRow(view.customIdOf, page, pages.length, view.t),
    page,
    pageCount: pages.length,
  };
}
