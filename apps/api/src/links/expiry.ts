import { TTL_MAX_SECONDS } from '@shortly/contracts';
import { invalidField } from '../errors.ts';

// RFC 3339 allows a leap second (23:59:60), which Date.parse refuses: it is the instant a
// second after 23:59:59, the same as 00:00:00 of the next day.
const LEAP_SECOND = /:60(?=(\.\d+)?(Z|[+-]\d\d:\d\d)$)/i;

function parseDateTime(value: string): number {
  const parsed = Date.parse(value);
  if (!Number.isNaN(parsed) || !LEAP_SECOND.test(value)) return parsed;
  return Date.parse(value.replace(LEAP_SECOND, ':59')) + 1000;
}

/** Turns expiresAt or ttlSeconds into an epoch-ms deadline, or null for a link that never expires. */
export function resolveExpiry(
  input: { expiresAt?: string | undefined; ttlSeconds?: number | undefined },
  now: number,
): number | null {
  if (input.expiresAt !== undefined && input.ttlSeconds !== undefined) {
    throw invalidField('ttlSeconds', 'invalid_expiry', 'give either expiresAt or ttlSeconds, not both');
  }
  if (input.ttlSeconds !== undefined) return now + input.ttlSeconds * 1000;
  if (input.expiresAt === undefined) return null;
  const deadline = parseDateTime(input.expiresAt);
  if (Number.isNaN(deadline))
    throw invalidField('expiresAt', 'invalid_expiry', 'expiresAt must be an ISO 8601 date-time');
  if (deadline <= now) throw invalidField('expiresAt', 'invalid_expiry', 'expiresAt must be in the future');
  if (deadline > now + TTL_MAX_SECONDS * 1000)
    throw invalidField('expiresAt', 'invalid_expiry', 'expiresAt must be at most 10 years ahead');
  return deadline;
}
