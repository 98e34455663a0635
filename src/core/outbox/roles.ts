/**
 * The check before an automatic role grant, as effects make them: a role vetted when it was
 * configured may have gained Administrator (or another dangerous permission) since. Such a grant
 * is not made; managers are told once (the caller words the notice).
 */
import { automaticGrantRefusal, type GrantRefusal } from '../authority.js';
import type { EffectContext } from './effects.js';

/** Why Hearth must not grant `roleId` now, when the reason is its permissions; else undefined. */
export async function dangerousNow(
  ctx: EffectContext,
  roleId: string,
): Promise<Extract<GrantRefusal, { reason: 'dangerous' }> | undefined> {
  const roles = await ctx.roleFacts();
  const role = roles.get(roleId);
  const everyone = roles.get(ctx.guildId);
  if (role === undefined || everyone === undefined) return undefined;
  const refusal = automaticGrantRefusal(role, everyone);
  return refusal?.reason === 'dangerous' ? refusal : undefined;
}
