import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

function describe(error: FastifySchemaValidationError, dataVar: string): string {
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.') || dataVar;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${dataVar} must have the field "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `${dataVar} has an unknown field "${String(params.additionalProperty)}"`;
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}

/** Turns schema errors into one message that names the field and the rule it broke. */
export function describeValidationErrors(errors: FastifySchemaValidationError[], dataVar: string): string {
  return errors.map((error) => describe(error, dataVar)).join('; ');
}
