/** What a player needs for a protected locator: the bearer token sent on licence and key requests. */
export interface DrmOptions {
  /** A JWT for token-restricted key policies; null for open ones. */
  readonly token: string | null;
}
