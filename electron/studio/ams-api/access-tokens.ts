/**
 * Bearer tokens for the API's one local account. The studio signs them (HS256) with a key kept in the
 * library folder (0600); `origin-studio api token` prints one, a client passes it through a
 * `TokenCredential`. Tokens are never logged; a missing, forged or expired one is a 401 in ARM's shape.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ArmError } from './arm-error.ts';
import { writePrivateFile } from './private-file.ts';

const ISSUER = 'origin-studio';
const AUDIENCE = 'origin-studio-ams-api';
/** The one local account the tokens are issued for. */
export const LOCAL_ACCOUNT = 'local';
export const DEFAULT_TOKEN_LIFETIME_SEC = 24 * 3600;

export class AccessTokens {
  readonly #key: Uint8Array;
  private constructor(key: Uint8Array) {
    this.#key = key;
  }

  /** Loads the signing key from `dir`, making one (32 random bytes) at first use. */
  static async open(dir: string): Promise<AccessTokens> {
    const file = path.join(dir, 'token-signing-key');
    if (!existsSync(file)) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writePrivateFile(file, randomBytes(32).toString('base64'));
    }
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length < 32) throw new Error(`${file} is damaged (shorter than 32 bytes); delete it to make a new key (issued tokens stop working).`);
    return new AccessTokens(new Uint8Array(key));
  }

  async issue(lifetimeSec = DEFAULT_TOKEN_LIFETIME_SEC, now = new Date()): Promise<{ token: string; expiresOn: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(LOCAL_ACCOUNT)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetimeSec)
      .sign(this.#key);
    return { token, expiresOn: new Date((iat + lifetimeSec) * 1000) };
  }

  /** Checks an Authorization header; throws a 401 ArmError saying what is wrong (never echoing the token). */
  async verify(authorization: string | undefined): Promise<void> {
    if (!authorization) {
      throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing; send 'Bearer <token>' (origin-studio api token prints one).");
    }
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m?.[1]) throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is not of the form 'Bearer <token>'.");
    try {
      await jwtVerify(m[1], this.#key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, subject: LOCAL_ACCOUNT });
    } catch (err) {
      const expired = err instanceof joseErrors.JWTExpired;
      throw new ArmError(
        401,
        expired ? 'ExpiredAuthenticationToken' : 'InvalidAuthenticationToken',
        expired
          ? 'The access token has expired; get a new one with `origin-studio api token`.'
          : 'The access token is invalid (not signed by this studio, or malformed); get one with `origin-studio api token`.',
      );
    }
  }
}
