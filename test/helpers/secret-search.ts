/** The forms a secret can leak in: raw, JSON-escaped, URL-encoded, base64 (and base64url). */
export function secretForms(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ];
}

/** The forms of `secret` found in `haystack` (empty when it does not leak). */
export function leakedForms(haystack: string, secret: string): string[] {
  return secretForms(secret).filter((form) => haystack.includes(form));
}
