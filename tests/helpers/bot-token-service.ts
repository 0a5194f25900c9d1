/**
 * A local stand-in for the Bot Framework's token service, for end-to-end
 * authentication tests: OpenID metadata and a JWKS for the channel and for the
 * emulator path, RS256 tokens signed with test keys, and a switch that takes the
 * endpoints down.
 */
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer the channel tokens of this service carry. */
export const TEST_CHANNEL_ISSUER = 'https://api.botframework.test';
/** An issuer botbuilder sends down the emulator path (Bot Framework tenant, v1 tokens). */
export const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

/** Claims of a test token; unset fields get valid defaults, `null` leaves a claim out. */
export interface TestClaims {
  iss?: string;
  aud?: string | null;
  serviceurl?: string | null;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid. */
  notBefore?: number;
  [claim: string]: unknown;
}

/** How a test token is signed. */
export interface SignOptions {
  /** `valid`: the published key; `other`: a key nobody published; `none`: `alg: none`; `hmac`: HS256 keyed with the published public key. */
  key?: 'valid' | 'other' | 'none' | 'hmac';
  /** The `kid` in the header (default the published key's). */
  kid?: string;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signRs256(unsigned: string, key: KeyObject): string {
  const signer = createSign('RSA-SHA256');
  signer.update(unsigned);
  return signer.sign(key).toString('base64url');
}

/** Start the token service on a free loopback port. */
export async function startBotTokenService(options: { endorsements?: string[] } = {}) {
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unpublished = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = published.publicKey.export({ format: 'jwk' });
  const keys = { keys: [{ ...jwk, kid: 'test-key', use: 'sig', alg: 'RS256', endorsements: options.endorsements ?? ['msteams'] }] };
  let down = false;
  let requests = 0;

  const server = createServer((req, res) => {
    requests++;
    if (down) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('unavailable');
      return;
    }
    const bodies: Record<string, unknown> = {
      '/channel/openid': { issuer: TEST_CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] },
      '/emulator/openid': { issuer: EMULATOR_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] },
      '/keys': keys,
    };
    const body = bodies[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address: AddressInfo = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${address.port}`;

  /** A signed token with the given claims. */
  function sign(claims: TestClaims, how: SignOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const { expiresIn = 600, notBefore = -60, ...rest } = claims;
    const payload: Record<string, unknown> = { iss: TEST_CHANNEL_ISSUER, nbf: now + notBefore, iat: now - 60, exp: now + expiresIn, ...rest };
    for (const [claim, value] of Object.entries(payload)) if (value === null) delete payload[claim];
    const key = how.key ?? 'valid';
    const alg = key === 'none' ? 'none' : key === 'hmac' ? 'HS256' : 'RS256';
    const header = { alg, typ: 'JWT', kid: how.kid ?? 'test-key' };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    switch (key) {
      case 'none':
        return `${unsigned}.`;
      case 'hmac': {
        const secret = published.publicKey.export({ type: 'spki', format: 'pem' });
        return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
      }
      case 'other':
        return `${unsigned}.${signRs256(unsigned, unpublished.privateKey)}`;
      case 'valid':
        return `${unsigned}.${signRs256(unsigned, published.privateKey)}`;
    }
  }

  return {
    /** `BotOpenIdMetadataUrl` for the channel path. */
    channelMetadataUrl: `${base}/channel/openid`,
    /** The emulator path's metadata, serving the same published key. */
    emulatorMetadataUrl: `${base}/emulator/openid`,
    issuer: TEST_CHANNEL_ISSUER,
    sign,
    /** Make every endpoint answer 503 (true) or serve again (false). */
    setDown(value: boolean) {
      down = value;
    },
    /** How many requests the service has answered. */
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token service's type. */
export type BotTokenService = Awaited<ReturnType<typeof startBotTokenService>>;
