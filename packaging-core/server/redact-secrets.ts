/**
 * The one place secrets are cut out of text the studio shows or keeps (the endpoint's request log, job
 * logs, error messages): `token=` query values, `Authorization` header values (`Bearer …`, `Basic …`)
 * and anything shaped like a JWT. Whoever reads a log, or a screenshot of it, must not get a key.
 */

export const REDACTED = '[redacted]';

/** `text` with every token, Authorization value and JWT replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return (
    text
      // token=… (also access_token=, id_token=, …) in a query string or any URL-ish text.
      .replace(/(\b[\w-]*token=)[^&\s"'<>#]*/gi, `$1${REDACTED}`)
      // Authorization: Bearer xyz / "authorization":"Basic xyz" / authorization=xyz
      .replace(
        /(\bauthorization\b["']?\s*[:=]\s*["']?)(?:(bearer|basic|token)\s+)?[^\s"',;}]+/gi,
        (_m, head: string, scheme: string | undefined) => `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
      )
      // A bare "Bearer <token>" anywhere (a header copied into a message).
      .replace(/\b(bearer\s+)(?!\[redacted\])[\w.~+/-]+=*/gi, `$1${REDACTED}`)
      // A JWT on its own (header.payload.signature, base64url; a JSON header starts with eyJ).
      .replace(/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, REDACTED)
  );
}
