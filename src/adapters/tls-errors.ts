/** Node's codes for a TLS handshake that failed: an untrusted, expired or mismatched certificate, or no TLS at all. */
export const tlsErrorCodes: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Whether an error code (or, failing that, a message) says the TLS handshake failed. */
export function isTlsFailure(code: string | undefined, message = ''): boolean {
  if (code && (tlsErrorCodes.has(code) || /CERT|SSL|TLS/.test(code))) return true;
  return /certificate|self[- ]signed|wrong version number|ssl routines/i.test(message);
}
