import { type Static, Type } from 'typebox';

export const Liveness = Type.Object({ status: Type.Literal('ok') });
export type Liveness = Static<typeof Liveness>;

const CheckResult = Type.Union([Type.Literal('ok'), Type.String()]);

export const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  checks: Type.Object({
    redis: CheckResult,
    shutdown: CheckResult,
  }),
});
export type Readiness = Static<typeof Readiness>;
