import { ApiError, CodeParams } from '@shortly/contracts';

export const redirectSchema = {
  tags: ['redirect'],
  summary: 'Follow a short link',
  params: CodeParams,
  response: { 404: ApiError, 410: ApiError, 429: ApiError, 503: ApiError },
};
