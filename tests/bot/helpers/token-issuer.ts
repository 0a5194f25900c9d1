/**
 * A local stand-in for the Bot Framework's token service: an OpenID configuration,
 * a JWKS holding one RSA key endorsed for msteams, and RS256 tokens signed with it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync } from 'node:crypto';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Claims of a test token. */
export interface TokenClaims {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

export async function startTokenIssuer() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const server = createServer((req, res) => {
    const body =
      req.url === '/openid'
        ? { issuer, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
        : req.url === '/keys'
          ? { keys: [{ ...jwk, kid: 'test-key', use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = 'https://api.botframework.test';

  function sign(claims: TokenClaims, options: { key?: 'valid' | 'other' | 'none' } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = options.key === 'none' ? { alg: 'none', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid: 'test-key' };
    const payload = { iss: claims.iss ?? issuer, aud: claims.aud, serviceurl: claims.serviceurl, nbf: now - 60, iat: now - 60, exp: now + (claims.expiresIn ?? 600) };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    if (options.key === 'none') return `${unsigned}.`;
    const signer = createSign('RSA-SHA256');
    signer.update(unsigned);
    return `${unsigned}.${signer.sign(options.key === 'other' ? other.privateKey : privateKey).toString('base64url')}`;
  }

  return {
    openIdMetadataUrl: `${base}/openid`,
    issuer,
    sign,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
