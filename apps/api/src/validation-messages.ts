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

/** The body fields the schema errors are about, each with its messages. */
export function validationFields(errors: FastifySchemaValidationError[]): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    const field =
      error.keyword === 'required'
        ? String(params.missingProperty)
        : error.keyword === 'additionalProperties'
          ? String(params.additionalProperty)
          : error.instancePath.split('/')[1];
    if (!field) continue;
    const message = describe(error, 'body');
    fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}
