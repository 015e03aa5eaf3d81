import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The XML both sides of infoRouter speak, built from data (values escaped) and
 * parsed into plain objects — attributes without prefix, namespaces stripped.
 */
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const TEMPURI = 'http://tempuri.org/';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true, suppressBooleanAttributes: false });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseAttributeValue: false, parseTagValue: false });

export type Attributes = Readonly<Record<string, string | number | undefined>>;

const withPrefix = (attrs: Attributes) => Object.fromEntries(Object.entries(attrs).flatMap(([k, v]) => (v === undefined ? [] : [[`@${k}`, String(v)]])));

/** An element with attributes, as data for `build` or `soapEnvelope`. */
export const node = (name: string, attrs: Attributes): Record<string, unknown> => ({ [name]: withPrefix(attrs) });

export const build = (data: Record<string, unknown>): string => builder.build(data) as string;

/** A SOAP 1.1 envelope around one operation element in the tempuri.org namespace. */
export function soapEnvelope(operation: string, body: Readonly<Record<string, unknown>>): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({
    'soap:Envelope': { '@xmlns:soap': SOAP_NS, 'soap:Body': { [operation]: { '@xmlns': TEMPURI, ...body } } },
  }) as string}`;
}

/** Parses XML; undefined when it is not well-formed. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '' || XMLValidator.validate(text) !== true) return undefined;
  return parser.parse(text) as Record<string, unknown>;
}
