// A real OpenID Connect provider (the npm package `oidc-provider`) for the SSO tests.
//
//   node tests/sso/provider.mjs <port> <client_id> <client_secret> <redirect_uri>
//
// Prints "ready <issuer>" on stdout once it listens. Its sign-in page takes the person's
// attributes as the test types them (the accounts live in memory): e-mail, subject, names, and
// what the provider asserts about the sign-in (amr, acr). Consent is given automatically for the
// registered client, as a college's IdP does for its own applications.
//
// One test-only switch: an account signed in with `issue_for_audience` gets an ID token whose
// `aud` is that other client — re-signed with the provider's own key, so the token is genuine in
// every other respect and only the relying party's audience check can refuse it (a token
// substitution, or an IdP that mixes up its clients).
import crypto from 'node:crypto';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
const signingKey = await jose.importJWK(jwk, 'RS256');

const accounts = new Map(); // sub -> attributes typed on the sign-in page

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      // LOB's login page, where the provider sends the browser after its end-session page.
      post_logout_redirect_uris: [new URL('/accounts/login/', redirectUri).href],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    },
    {
      client_id: 'other-app',
      client_secret: 'other-app-secret-0123456789abcdef',
      redirect_uris: ['http://127.0.0.1/other-app/callback'],
    },
  ],
  jwks: { keys: [jwk] },
  acrValues: ['urn:test:password', 'https://refeds.org/profile/mfa'],
  claims: {
    acr: null,
    amr: null,
    auth_time: null,
    sid: null,
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'name'],
  },
  // Short-lived ID tokens: the expiry test moves LOB's clock past them (the session lives on).
  ttl: { IdToken: 120 },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => false },
  cookies: { keys: ['test-provider-cookie-key'] },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const claims = { sub, email: account.email, email_verified: true };
        if (account.given_name) claims.given_name = account.given_name;
        if (account.family_name) claims.family_name = account.family_name;
        return claims;
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = true;

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const page = (uid) => `<!doctype html><title>Test IdP</title>
<form method="post" action="/interaction/${uid}/login">
<input name="email"><input name="sub"><input name="given_name"><input name="family_name">
<input name="amr"><input name="acr"><input name="issue_for_audience">
<button type="submit">Sign in</button></form>`;

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) {
    await next();
    // The test-only switch (see the top of this file).
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
      const payload = jose.decodeJwt(ctx.body.id_token);
      const audience = accounts.get(payload.sub)?.issue_for_audience;
      if (audience) {
        payload.aud = audience;
        ctx.body = {
          ...ctx.body,
          id_token: await new jose.SignJWT(payload)
            .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
            .sign(signingKey),
        };
      }
    }
    return;
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (!match[2]) {
    ctx.type = 'html';
    ctx.body = page(details.uid);
    return;
  }
  const body = await formBody(ctx.req);
  const email = body.get('email') || '';
  const sub = body.get('sub') || `sub-${crypto.createHash('sha256').update(email).digest('hex').slice(0, 16)}`;
  accounts.set(sub, {
    email,
    given_name: body.get('given_name') || '',
    family_name: body.get('family_name') || '',
    issue_for_audience: body.get('issue_for_audience') || '',
  });
  const login = { accountId: sub };
  if (body.get('amr')) login.amr = body.get('amr').split(',');
  if (body.get('acr')) login.acr = body.get('acr');
  await provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
});

provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
