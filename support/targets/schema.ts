import { systemKeys, systems } from '../systems/index.ts';
import type { TargetSchema } from '../systems/system.ts';

/** The JSON Schema of a targets file, assembled from each system's own entry schema. */
export function targetsSchema(): Record<string, unknown> {
  const entries = Object.fromEntries(systemKeys.map((key) => {
    const own: TargetSchema = systems[key].targetSchema;
    return [key, {
      type: 'object',
      description: `${systems[key].title}: where it runs and the dedicated test users the harness may sign in and out`,
      additionalProperties: false,
      required: ['baseUrl', ...(own.required ?? [])],
      properties: {
        baseUrl: { type: 'string', pattern: '^https?://[^\\s/]+', description: 'The endpoint below which the system\'s paths are served' },
        timeoutMs: { type: 'integer', minimum: 1, description: 'Per-request timeout for this system' },
        ...own.properties,
      },
    }];
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Logout conformance targets',
    description: 'Real endpoints to verify. Any string may instead be {"env": "NAME"}, read from the environment.',
    type: 'object',
    additionalProperties: false,
    required: ['systems'],
    properties: {
      $schema: { type: 'string' },
      timeoutMs: { type: 'integer', minimum: 1, description: 'Per-request timeout in ms (default 10000)' },
      tls: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ca: { type: 'string', description: 'PEM file of a CA to trust besides the system ones (NODE_EXTRA_CA_CERTS works too)' },
          insecure: { type: 'boolean', description: 'Accept any certificate. For test deployments only; every run warns loudly.' },
        },
      },
      systems: { type: 'object', additionalProperties: false, minProperties: 1, properties: entries },
    },
  };
}
