import { type Static, Type } from 'typebox';

/** The one error shape of the API, whatever went wrong. */
export const ApiError = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    error: Type.String({ description: 'The HTTP reason phrase.' }),
    message: Type.String({ description: 'What went wrong, for people.' }),
  },
  { $id: 'ApiError' },
);
export type ApiError = Static<typeof ApiError>;
