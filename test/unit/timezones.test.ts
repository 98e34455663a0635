import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, searchTimeZones } from '../../src/core/timezones.js';

describe('time zones', () => {
  it('accepts IANA names in any case and stores their canonical spelling', () => {
    expect(canonicalTimeZone('europe/rome')).toBe('Europe/Rome');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Australia/Lord_Howe')).toBe('Australia/Lord_Howe');
  });

  it.each([
    '',
    ' ',
    '+02:00',
    'GMT+2x',
    'Mars/Olympus',
    'a'.repeat(65),
    '../../etc/passwd',
    'Europe/Rome; drop table',
  ])('refuses %j', (input) => {
    expect(canonicalTimeZone(input)).toBeUndefined();
  });

  it('suggests matches by any part of the name, at most 25', () => {
    expect(searchTimeZones('rome')[0]).toBe('Europe/Rome');
    expect(searchTimeZones('new york')).toContain('America/New_York');
    expect(searchTimeZones('a')).toHaveLength(25);
    expect(searchTimeZones('zzzz')).toEqual([]);
    expect(searchTimeZones('')).toContain('UTC');
  });
});
