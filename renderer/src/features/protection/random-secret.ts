/** A fresh HS256 secret: 32 random bytes (the minimum the studio accepts), base64. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes));
}
