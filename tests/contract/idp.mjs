// A test OpenID provider for the example frontend: the npm `oidc-provider` with its development
// login (any name signs in), a public client `partner-frontend` using authorization code + PKCE,
// and JWT access tokens for Askel (audience askel-api) carrying groups: ["askel-workers"].
//   node idp.mjs PORT PAGE_ORIGIN
import http from "node:http";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

const [port, pageOrigin] = process.argv.slice(2);
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: "partner-frontend", token_endpoint_auth_method: "none",
    grant_types: ["authorization_code"], response_types: ["code"],
    redirect_uris: [`${pageOrigin}/`],
  }],
  jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "frontend-key", alg: "RS256", use: "sig" }] },
  scopes: ["openid", "api"],
  features: {
    devInteractions: { enabled: true },
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
  extraTokenClaims: async () => ({ groups: ["askel-workers"] }),
});
http.createServer(provider.callback()).listen(Number(port), "127.0.0.1", () => console.log("idp ready"));
