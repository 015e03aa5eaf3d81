import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The XML both sides of infoRouter speak, built from data (values escaped) and
 * parsed into plain objects — attributes prefixed with `@`, namespaces stripped.
 */
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const TEMPURI = 'http://tempuri.org/';

const options = { ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true, suppressBooleanAttributes: false } as const;
const builder = new XMLBuilder(options);
const prettyBuilder = new XMLBuilder({ ...options, format: true, indentBy: '  ' });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseAttributeValue: false, parseTagValue: false });

/** `pretty`: a byte order mark, an XML declaration, indentation and CRLF line breaks — all a writer's free choice. */
export interface BuildOptions {
  readonly pretty?: boolean;
}

export type Attributes = Readonly<Record<string, string | number | undefined>>;

const withPrefix = (attrs: Attributes) => Object.fromEntries(Object.entries(attrs).flatMap(([k, v]) => (v === undefined ? [] : [[`@${k}`, String(v)]])));

/** An element with attributes, as data for `build` or `soapEnvelope`. */
export const node = (name: string, attrs: Attributes): Record<string, unknown> => ({ [name]: withPrefix(attrs) });

export function build(data: Record<string, unknown>, { pretty = false }: BuildOptions = {}): string {
  if (!pretty) return builder.build(data) as string;
  return `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n${prettyBuilder.build(data) as string}`.replace(/\n/g, '\r\n');
}

/**
 * A SOAP 1.1 envelope around one operation element in the tempuri.org namespace;
 * without an operation, `body` is the Body's content as it is.
 */
export function soapEnvelope(operation: string | undefined, body: Readonly<Record<string, unknown>>, { pretty = false }: BuildOptions = {}): string {
  const content = operation === undefined ? body : { [operation]: { '@xmlns': TEMPURI, ...body } };
  const envelope = { 'soap:Envelope': { '@xmlns:soap': SOAP_NS, 'soap:Body': content } };
  return pretty ? build(envelope, { pretty }) : `<?xml version="1.0" encoding="utf-8"?>${builder.build(envelope) as string}`;
}

/** Parses XML; undefined when it is not well-formed. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  const xml = text.replace(/^\uFEFF/, '');
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) return undefined;
  return parser.parse(xml) as Record<string, unknown>;
}
