import type { JSONSchemaType, SchemaObject } from 'ajv';
import type { TlsOptions } from '../http/dispatcher.ts';
import { systems, type SystemKey } from '../systems/index.ts';
import type { TargetConfig } from '../systems/system.ts';

/** Node turns a timer beyond 2^31-1 ms into 1 ms; ten minutes is more than any logout needs. */
export const MAX_TIMEOUT_MS = 600_000;

/**
 * A targets file as written (after `{"env": NAME}` is resolved). Its schema below is
 * typed by it, so the compiler keeps the two in step. A system's own fields are typed
 * by its `TargetSchema`; here only the fields every entry has.
 */
export interface TargetsFile {
  readonly $schema?: string;
  readonly timeoutMs?: number;
  readonly tls?: TlsOptions;
  readonly systems: { readonly [K in SystemKey]?: TargetConfig };
}

// ajv's typed schemas mark optional fields `nullable`; the loader drops a null field, so it means "not given".
const optionalString = (description: string) => ({ type: 'string', nullable: true, description }) as const;

const timeoutMs = (description: string) =>
  ({
    type: 'integer',
    minimum: 1,
    maximum: MAX_TIMEOUT_MS,
    nullable: true,
    description: `${description}, in ms (at most ${MAX_TIMEOUT_MS}: ten minutes)`,
  }) as const;

function entry(key: SystemKey): JSONSchemaType<TargetConfig> {
  // Each system's schema is typed by its own config where it is written; here its parts are only assembled.
  const own = systems[key].targetSchema as { readonly required?: readonly string[]; readonly properties?: Readonly<Record<string, unknown>> };
  return {
    type: 'object',
    description: `${systems[key].title}: where it runs and the dedicated test users the harness may sign in and out`,
    additionalProperties: false,
    // The system's own required fields are typed by its TargetSchema, not by TargetConfig: widened here once.
    required: ['baseUrl', ...((own.required ?? []) as ReadonlyArray<'baseUrl'>)],
    properties: {
      baseUrl: {
        type: 'string',
        pattern: '^https?://[^\\s/]+',
        description: "The endpoint below which the system's paths are served (http or https; no user, password, query or fragment)",
      },
      timeoutMs: timeoutMs('Per-request timeout for this system'),
      ...own.properties,
    },
  };
}

/** A fleet's deployment name: it heads reports, JUnit suites and Allure's parent suites, and is typed on command lines. */
export const DEPLOYMENT_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/**
 * A fleet as written: shared defaults once, then each deployment by name, with the
 * same fields as a single-deployment file. A deployment checks the systems it names;
 * each of its entries is the default entry of that system with its own fields over it.
 */
export interface FleetFile {
  readonly $schema?: string;
  readonly defaults?: FleetPart;
  readonly deployments: { readonly [name: string]: FleetPart };
}
export interface FleetPart {
  readonly timeoutMs?: number;
  readonly tls?: TlsOptions;
  readonly systems?: { readonly [K in SystemKey]?: Partial<TargetConfig> & Record<string, unknown> };
}

/** The JSON Schema of a targets file: one deployment (`systems`), or a fleet (`deployments`). */
export function targetsSchema(): SchemaObject {
  const { $schema, title, description, ...single } = deploymentSchema();
  const { timeoutMs, tls, systems } = single.properties;
  // In a fleet the defaults may leave out what each deployment gives, and the reverse: required fields are checked on the merged entry.
  const partial = (entries: typeof systems) => ({
    ...entries,
    properties: Object.fromEntries(Object.entries(entries.properties).map(([key, e]) => [key, { ...(e as object), required: [] }])),
  });
  const part = (what: string) => ({
    type: 'object',
    description: what,
    additionalProperties: false,
    properties: { timeoutMs, tls, systems: { ...partial(systems), minProperties: 0 } },
  });
  return {
    $schema,
    title,
    description: `${description} A fleet names several deployments instead of systems: "defaults" holds what they share, written once.`,
    if: { type: 'object', required: ['deployments'] },
    then: {
      type: 'object',
      additionalProperties: false,
      required: ['deployments'],
      properties: {
        $schema: { type: 'string' },
        defaults: part('What every deployment shares: timeoutMs, tls, and per system the fields its entry has in every deployment'),
        deployments: {
          type: 'object',
          description: 'Each deployment by name (letters, digits, ".", "_", "-"): timeoutMs, tls and the systems it runs, over the defaults',
          minProperties: 1,
          propertyNames: { pattern: DEPLOYMENT_NAME },
          additionalProperties: { ...part('One deployment: the systems it runs, and what differs from the defaults'), required: ['systems'] },
        },
      },
    },
    else: single,
  };
}

/** The JSON Schema of one deployment's targets, assembled from each system's own entry schema. */
export function deploymentSchema(): JSONSchemaType<TargetsFile> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Logout conformance targets',
    description: 'Real endpoints to verify. Any string may instead be {"env": "NAME"}, read from the environment.',
    type: 'object',
    additionalProperties: false,
    required: ['systems'],
    properties: {
      $schema: { type: 'string', nullable: true },
      timeoutMs: timeoutMs('Per-request timeout (default 10000)'),
      tls: {
        type: 'object',
        nullable: true,
        additionalProperties: false,
        properties: {
          ca: optionalString('PEM file of one or more CA certificates to trust besides the system ones (NODE_EXTRA_CA_CERTS works too)'),
          insecure: { type: 'boolean', nullable: true, description: 'Accept any certificate. For test deployments only; every run warns loudly.' },
          cert: optionalString('Mutual TLS: PEM file of the client certificate (with its chain), with key'),
          key: optionalString("Mutual TLS: PEM file of the client certificate's private key, with cert"),
          pfx: optionalString('Mutual TLS: PKCS#12 file holding the client certificate and its key, instead of cert and key'),
          passphrase: optionalString('Unlocks key or pfx. A secret: give it as {"env": "NAME"}; it is masked in every output'),
        },
        dependencies: { cert: ['key'], key: ['cert'] },
      },
      systems: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        // Each key written out: a new system fails to compile until it has its entry here.
        properties: {
          acumatica: { ...entry('acumatica'), nullable: true },
          flexi: { ...entry('flexi'), nullable: true },
          inforouter: { ...entry('inforouter'), nullable: true },
          'sap-mobile-services': { ...entry('sap-mobile-services'), nullable: true },
        },
      },
    },
  };
}
