/**
 * Posts a manager notice in the manager log. A notice that cannot be posted is logged, never
 * reported about in turn.
 */
import { getGuild } from '../guilds.js';
import { translator } from '../i18n.js';
import { render } from './describe.js';
import { effect } from './effects.js';
import { PermanentFailure } from './failures.js';
import { noticeType } from './notice.js';
import { postOnce } from './post.js';

export const noticeEffect = effect(noticeType, {
  label: 'outbox.kind.notice',
  silent: true,
  async execute(ctx, payload) {
    const settings = await getGuild(ctx.app.db, ctx.guildId);
    if (settings?.logChannelId === null || settings === undefined)
      throw new PermanentFailure('setting:log_channel_id');
    const content = render(translator(settings.language, ctx.app.commandIds), {
      key: payload.message,
      params: payload.params,
    });
    const me = await ctx.botUserId();
    await postOnce(
      ctx,
      settings.logChannelId,
      { content, allowed_mentions: { parse: [] } },
      { isMine: (m) => m.content === content && (me === undefined || m.author.id === me) },
    );
  },
});
