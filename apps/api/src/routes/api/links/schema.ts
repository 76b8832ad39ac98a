import {
  ApiError,
  CodeParams,
  CreateLinkBody,
  Link,
  LinkList,
  LinkStats,
  ListLinksQuery,
  QrQuery,
} from '@shortly/contracts';
import { Type } from 'typebox';

const errors = (...statusCodes: number[]) =>
  Object.fromEntries(statusCodes.map((statusCode) => [statusCode, ApiError]));

export const createLinkSchema = {
  tags: ['links'],
  summary: 'Shorten a URL',
  body: CreateLinkBody,
  headers: Type.Object({
    'idempotency-key': Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.:-]{1,255}$',
        description:
          'Makes a retry of this create safe: the same key and request get the same link (a UUID per request).',
      }),
    ),
  }),
  response: { 201: Link, ...errors(400, 409, 413, 415, 422, 429, 503) },
};

export const getLinkSchema = {
  tags: ['links'],
  summary: 'A link and its visit statistics',
  params: CodeParams,
  response: { 200: LinkStats, ...errors(404, 429, 503) },
};

export const listLinksSchema = {
  tags: ['links'],
  summary: 'The newest links (needs an API key; behind the recent-links feature flag)',
  security: [{ apiKey: [] }],
  querystring: ListLinksQuery,
  response: { 200: LinkList, ...errors(400, 401, 403, 404, 429, 503) },
};

export const deleteLinkSchema = {
  tags: ['links'],
  summary: 'Delete a link (needs an API key)',
  security: [{ apiKey: [] }],
  params: CodeParams,
  response: { 204: Type.Null({ description: 'Deleted' }), ...errors(401, 403, 404, 429, 503) },
};

export const qrSchema = {
  tags: ['links'],
  summary: 'The short URL as a QR code (SVG, or PNG with ?format=png)',
  params: CodeParams,
  querystring: QrQuery,
  produces: ['image/svg+xml', 'image/png'],
  response: {
    200: Type.Unsafe<string | Buffer>({ type: 'string', format: 'binary', description: 'The QR code image' }),
    ...errors(400, 404, 429, 503),
  },
};
