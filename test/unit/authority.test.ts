import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermissionFlagsBits, type APIRole } from 'discord-api-types/v10';
import {
  DANGEROUS_PERMISSIONS,
  PERMISSION_BITS,
  configureRefusal,
  type RoleFacts,
} from '../../src/core/authority.js';
import { guildPermissions, rolePayload } from '../stand-in/payloads.js';

const GUILD = '100000000000000001';

/** Permissions a generated role may carry: every dangerous one, and harmless ones beside them. */
const POOL: bigint[] = [
  ...DANGEROUS_PERMISSIONS.map((name) => PermissionFlagsBits[name]),
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.ManageNicknames,
  PermissionFlagsBits.ManageEvents,
  PermissionFlagsBits.ManageThreads,
  PermissionFlagsBits.ViewAuditLog,
];
/** About half the roles carry nothing; the others up to four permissions from the pool. */
const bitsArb = fc.oneof(
  fc.constant(0n),
  fc
    .array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 4 })
    .map((bits) => bits.reduce((all, bit) => all | bit, 0n)),
);
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);

interface World {
  roles: APIRole[];
  held: string[];
  isOwner: boolean;
  target: string;
}

/** A random server: @everyone, up to 8 roles (positions may tie), a person holding some of them. */
const worldArb: fc.Arbitrary<World> = fc
  .record({
    everyoneBits: fc.oneof(
      { weight: 9, arbitrary: fc.constant(0n) },
      { weight: 1, arbitrary: bitsArb },
    ),
    roles: fc.uniqueArray(
      fc.record({
        id: fc.bigInt({ min: 100000000000000002n, max: 999999999999999999n }).map(String),
        position: fc.integer({ min: 1, max: 9 }),
        bits: bitsArb,
        managed: oneIn(10),
      }),
      { minLength: 1, maxLength: 8, selector: (r) => r.id },
    ),
    holds: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    isOwner: oneIn(10),
    targetIndex: fc.nat(),
  })
  .map((w) => {
    const roles: APIRole[] = [
      rolePayload({
        id: GUILD,
        name: '@everyone',
        position: 0,
        permissions: String(w.everyoneBits),
      }),
      ...w.roles.map((r, i) =>
        rolePayload({
          id: r.id,
          name: `role ${i}`,
          position: r.position,
          permissions: String(r.bits),
          managed: r.managed,
        }),
      ),
    ];
    return {
      roles,
      held: w.roles.filter((_, i) => w.holds[i] === true).map((r) => r.id),
      isOwner: w.isOwner,
      target: roles[w.targetIndex % roles.length]!.id,
    };
  });

/**
 * Discord's rule for granting a role by hand, written from Discord's documentation and the
 * stand-in's permission arithmetic, independently of src/core/authority.ts.
 */
function discordAllowsByHand(w: World): boolean {
  const target = w.roles.find((r) => r.id === w.target)!;
  if (target.id === GUILD || target.managed) return false;
  if (w.isOwner) return true;
  const permissions = guildPermissions(w.roles, w.held, GUILD);
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return true;
  if ((permissions & PermissionFlagsBits.ManageRoles) === 0n) return false;
  const ordered = [...w.roles].sort((x, y) =>
    x.position !== y.position ? y.position - x.position : BigInt(x.id) < BigInt(y.id) ? -1 : 1,
  );
  const rank = (id: string) => ordered.findIndex((r) => r.id === id);
  return Math.min(rank(GUILD), ...w.held.map(rank)) < rank(target.id);
}

const DANGEROUS_BITS = DANGEROUS_PERMISSIONS.reduce(
  (all, name) => all | PermissionFlagsBits[name],
  0n,
);

const facts = (role: APIRole): RoleFacts => ({
  id: role.id,
  position: role.position,
  permissions: BigInt(role.permissions),
  managed: role.managed,
});

describe('who may have Hearth grant a role', () => {
  it('names Discord’s permission bits exactly', () => {
    for (const [name, bit] of Object.entries(PERMISSION_BITS))
      expect(bit, name).toBe(PermissionFlagsBits[name as keyof typeof PermissionFlagsBits]);
  });

  it('10,000 random hierarchies and permission sets: 0 escalations, 0 refusals of a safe role the person could grant by hand', () => {
    let attacks = 0;
    let escalations = 0;
    let wrongRefusals = 0;
    fc.assert(
      fc.property(worldArb, (w) => {
        const target = w.roles.find((r) => r.id === w.target)!;
        const safe = (BigInt(target.permissions) & DANGEROUS_BITS) === 0n;
        const allowed = discordAllowsByHand(w) && safe;
        const everyone = w.roles[0]!;
        const refusal = configureRefusal(
          {
            isOwner: w.isOwner,
            roles: w.roles.filter((r) => w.held.includes(r.id)).map(facts),
          },
          facts(target),
          facts(everyone),
        );
        if (!allowed) attacks += 1;
        if (refusal === undefined && !allowed) escalations += 1;
        if (refusal !== undefined && allowed) wrongRefusals += 1;
        // The message must say why: a dangerous role names its dangerous permissions.
        if (refusal?.reason === 'dangerous') expect(refusal.permissions.length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
    console.log(
      `authority: 10,000 random hierarchies, ${attacks} of them forbidden grants: ${escalations} escalations, ${wrongRefusals} wrong refusals`,
    );
    expect(attacks).toBeGreaterThan(3_000);
    expect(escalations).toBe(0);
    expect(wrongRefusals).toBe(0);
  });
});
