/** A secret in each form a target may echo it in, named: what a redaction test looks for. */
export function encodings(secret: string): Record<string, string> {
  const xml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
  const json = JSON.stringify(secret).slice(1, -1);
  return {
    raw: secret,
    json,
    'json, non-ASCII as \\u': json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    xml: xml(secret),
    'xml, numeric': secret.replace(/[&<>"']|[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`),
    'xml, hex': secret.replace(/[&<>"']|[^\x00-\x7f]/gu, (c) => `&#x${(c.codePointAt(0) as number).toString(16)};`),
    percent: encodeURIComponent(secret),
    form: new URLSearchParams({ p: secret }).toString().slice(2),
    'xml of json': xml(json),
  };
}
