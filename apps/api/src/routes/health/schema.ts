import { Liveness, Readiness } from '@shortly/contracts';

export const livenessSchema = {
  tags: ['operations'],
  summary: 'Liveness: the process is up',
  response: { 200: Liveness },
};

export const readinessSchema = {
  tags: ['operations'],
  summary: 'Readiness: Redis answers and the process is not shutting down',
  response: { 200: Readiness, 503: Readiness },
};
