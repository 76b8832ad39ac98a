import { type Static, Type } from 'typebox';

/** Letters, digits, `_` and `-`: safe in a path segment without escaping. */
export const ALIAS_PATTERN = '^[A-Za-z0-9_-]{3,64}$';
export const URL_MAX_LENGTH = 2048;
/** Ten years: longer than any real campaign, short enough to stay a date. */
export const TTL_MAX_SECONDS = 10 * 365 * 24 * 60 * 60;

export const CreateLinkBody = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: URL_MAX_LENGTH,
      description: 'Absolute http(s) URL to redirect to.',
      examples: ['https://example.com/a/very/long/path'],
    }),
    alias: Type.Optional(
      Type.String({
        pattern: ALIAS_PATTERN,
        description: 'Custom code: 3-64 characters of A-Z, a-z, 0-9, _ and -.',
      }),
    ),
    expiresAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'Moment the link stops redirecting (ISO 8601).' }),
    ),
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: TTL_MAX_SECONDS,
        description: 'Seconds from now until the link expires; the alternative to expiresAt.',
      }),
    ),
    maxVisits: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Redirects allowed before the link answers 410 Gone.' }),
    ),
  },
  { additionalProperties: false, $id: 'CreateLinkBody' },
);
export type CreateLinkBody = Static<typeof CreateLinkBody>;

const IsoDateTime = Type.String({ format: 'date-time' });

export const Link = Type.Object(
  {
    code: Type.String(),
    shortUrl: Type.String(),
    url: Type.String(),
    createdAt: IsoDateTime,
    expiresAt: Type.Union([IsoDateTime, Type.Null()]),
    maxVisits: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'Link' },
);
export type Link = Static<typeof Link>;

export const LinkStats = Type.Object(
  {
    code: Type.String(),
    shortUrl: Type.String(),
    url: Type.String(),
    createdAt: IsoDateTime,
    expiresAt: Type.Union([IsoDateTime, Type.Null()]),
    maxVisits: Type.Union([Type.Integer(), Type.Null()]),
    visits: Type.Integer({ minimum: 0 }),
    lastVisitAt: Type.Union([IsoDateTime, Type.Null()]),
  },
  { $id: 'LinkStats' },
);
export type LinkStats = Static<typeof LinkStats>;

export const CodeParams = Type.Object({
  // No length or pattern here: a path that cannot be a code is an unknown code (404), not a bad request.
  code: Type.String({ description: 'The short code or alias.' }),
});
export type CodeParams = Static<typeof CodeParams>;

export const QrQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')], { default: 'svg' })),
  },
  { additionalProperties: false },
);
export type QrQuery = Static<typeof QrQuery>;

export const LIST_LIMIT_MAX = 100;

export const ListLinksQuery = Type.Object(
  {
    // A string: the API does not coerce types, and a query string holds only strings.
    limit: Type.Optional(
      Type.String({
        pattern: `^([1-9]|[1-9][0-9]|${LIST_LIMIT_MAX})$`,
        default: '20',
        description: `How many links, newest first: 1 to ${LIST_LIMIT_MAX}.`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListLinksQuery = Static<typeof ListLinksQuery>;

export const LinkList = Type.Object(
  { links: Type.Array(LinkStats, { description: 'Newest first.' }) },
  { $id: 'LinkList' },
);
export type LinkList = Static<typeof LinkList>;
