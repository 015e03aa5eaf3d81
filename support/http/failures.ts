// Error wording: a transport failure that is not an answer (refused, reset, TLS, not
// HTTP) as one line a QA engineer can act on, never the library's own text.

/** A transport failure in words a QA engineer can act on. */
export function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const message = `${e.message ?? String(err)} ${e.cause?.message ?? ''}`;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'UND_ERR_ABORTED') return `no answer within ${timeoutMs} ms`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  const tls = describeTls(code, message);
  if (tls) return tls;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || /other side closed|terminated/.test(message))
    return 'connection closed before the answer was complete';
  if (/^HPE_/.test(code)) return `the answer is not HTTP (${code}); is the URL's scheme right (https for a TLS port)?`;
  return code ? `${code}: ${e.message ?? String(err)}` : (e.message ?? String(err));
}

/** TLS failures as what to do, never OpenSSL's own text. */
function describeTls(code: string, message: string): string | undefined {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS certificate is for another host name (${code}); use a host name the certificate names in baseUrl`;
  if (code === 'CERT_HAS_EXPIRED') return `TLS certificate has expired (${code}); renew the target's certificate, or use tls.insecure for a test deployment`;
  if (code === 'CERT_NOT_YET_VALID') return `TLS certificate is not valid yet (${code}); check this machine's clock and the target's`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code))
    return `TLS certificate not trusted (${code}); give the CA in the targets file or NODE_EXTRA_CA_CERTS`;
  if (/wrong version number|packet length too long|http request/i.test(message))
    return "TLS handshake failed: the target does not speak TLS on this port; is the URL's scheme right (http rather than https)?";
  if (code === 'EPROTO' || /^ERR_SSL_/.test(code) || /handshake failure|alert|no shared cipher|unsupported protocol/i.test(message)) {
    return `TLS handshake failed (${code || 'EPROTO'}): the target and this client share no TLS version or cipher; check the target's TLS settings`;
  }
  return undefined;
}
