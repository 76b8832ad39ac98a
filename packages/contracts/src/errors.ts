import { type Static, Type } from 'typebox';

/** The one error shape of the API, whatever went wrong. */
export const ApiError = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    error: Type.String({ description: 'The HTTP reason phrase.' }),
    code: Type.String({
      pattern: '^[a-z][a-z0-9_]*$',
      description: 'What went wrong, for programs: stable across releases, unlike the message.',
    }),
    message: Type.String({ description: 'What went wrong, for people.' }),
    fields: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'For a request whose body broke a rule: each field at fault, with what is wrong with it.',
      }),
    ),
  },
  { $id: 'ApiError' },
);
export type ApiError = Static<typeof ApiError>;
