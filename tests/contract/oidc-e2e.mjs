// Partners' own sign-in, end to end against a real OpenID provider (the npm `oidc-provider`,
// OpenID-certified): its client-credentials tokens (JWT, audience askel-api, a `groups` claim)
// reach Askel, which fetches the provider's keys through its discovery document, maps the group
// to a role, binds the organisation and records the subject in the access log. Tokens for
// another organisation or asking for admin are refused; after a key rotation at the provider the
// new key is fetched; a token by an unpublished key is refused.
//   node oidc-e2e.mjs ASKEL_BASE IDP_PORT MANAGER_TOKEN
import http from "node:http";
import { generateKeyPairSync, createSign } from "node:crypto";
import Provider from "oidc-provider";

const [base, port, managerToken] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const fail = (m) => { console.error(`oidc check failed: ${m}`); process.exitCode = 1; };

const key = (kid) => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
};
const [keyA, keyB, keyC] = [key("key-a"), key("key-b"), key("key-c")];

const clients = [
  { client_id: "partner-system", extra: { groups: ["askel-workers"] } },
  { client_id: "other-org", extra: { groups: ["askel-workers"], org: "01941f29-7c05-7505-8000-000000000005" } },
  { client_id: "greedy", extra: { groups: ["askel-workers"], roles: ["admin"] } },
  { client_id: "no-group", extra: { groups: ["somebody-else"] } },
];

let server;
const start = async (keys) => {
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.client_id, client_secret: `${c.client_id}-secret`,
      grant_types: ["client_credentials"], redirect_uris: [], response_types: [],
    })),
    jwks: { keys },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => "urn:askel:api",
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "api", audience: "askel-api", accessTokenFormat: "jwt", accessTokenTTL: 600,
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
    extraTokenClaims: async (_ctx, token) => clients.find((c) => c.client_id === token.clientId)?.extra,
  });
  server = http.createServer(provider.callback());
  await new Promise((resolve) => server.listen(Number(port), "127.0.0.1", resolve));
};
const stop = () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); });

// A fresh connection each time: the provider is restarted under the same port.
const token = async (clientId) => {
  const r = await fetch(`${issuer}/token`, {
    keepalive: false,
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${clientId}:${clientId}-secret`).toString("base64")}`,
      connection: "close",
    },
    body: "grant_type=client_credentials&scope=api",
  });
  const body = await r.json();
  if (!body.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(body)}`);
  return body.access_token;
};
const kidOf = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[0], "base64url")).kid;
const api = (path, bearer) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

try {
  await start([keyA]);
  const projects = await (await api("/v1/projects?limit=500", managerToken)).json();
  const esko = projects.items.find((p) => p.code === "ESKO");
  const people = `/v1/projects/${esko.id}/participants`;

  const first = await token("partner-system");
  if (kidOf(first) !== "key-a") fail(`signed by ${kidOf(first)}`);
  let r = await api(people, first);
  const listed = await r.json();
  if (r.status !== 200 || listed.items.length !== 12) fail(`the partner's token listed ${r.status} ${listed.items?.length}`);

  // The person's (here the client's) subject is in the participant's access log.
  const one = listed.items[0].id;
  await api(`/v1/participants/${one}`, first);
  const log = await (await api(`/v1/participants/${one}/access-log?limit=500`, managerToken)).json();
  const subjects = log.items.map((e) => e.client ?? e.actor ?? e.subject ?? JSON.stringify(e));
  if (!subjects.some((s) => String(s).includes(`oidc:${issuer}#partner-system`))) fail(`no OIDC subject in the log: ${subjects.slice(0, 3)}`);

  for (const [client, why] of [["other-org", "another organisation"], ["greedy", "roles outside the mapping"], ["no-group", "no mapped group"]]) {
    r = await api(people, await token(client));
    if (r.status !== 401) fail(`a token with ${why} answered ${r.status}`);
  }

  // Rotation at the provider: key B signs, A is still published.
  await stop();
  await start([keyB, keyA]);
  const rotated = await token("partner-system");
  if (kidOf(rotated) !== "key-b") fail(`after rotation signed by ${kidOf(rotated)}`);
  r = await api(people, rotated);
  if (r.status !== 200) fail(`the rotated key's token answered ${r.status}`);
  r = await api(people, first);
  if (r.status !== 200) fail(`the old key's token answered ${r.status} after the rotation`);

  // A token by a key the provider never published is refused, and the provider being down
  // does not stop Askel's own tokens.
  const header = Buffer.from(JSON.stringify({ alg: "RS256", kid: "key-c", typ: "JWT" })).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ iss: issuer, aud: "askel-api", sub: "forger", exp: now + 300, iat: now, groups: ["askel-workers"] })).toString("base64url");
  const signer = createSign("RSA-SHA256");
  signer.update(`${header}.${payload}`);
  const { createPrivateKey } = await import("node:crypto");
  const forged = `${header}.${payload}.${signer.sign(createPrivateKey({ key: keyC, format: "jwk" })).toString("base64url")}`;
  await stop();
  r = await api(people, forged);
  if (r.status !== 401) fail(`a token by an unpublished key answered ${r.status}`);
  const started = Date.now();
  r = await api("/v1/projects?limit=1", managerToken);
  if (r.status !== 200 || Date.now() - started > 2000) fail("Askel's own tokens stalled while the provider is down");
  if (!process.exitCode) console.log("oidc: provider tokens accepted and mapped to worker; other org, admin and unmapped refused; key rotation picked up; unpublished key refused");
} finally {
  if (server?.listening) await stop();
}
