// A partner's frontend on the generated TypeScript client (openapi-typescript + openapi-fetch).
// 1. Sign in: authorization code with PKCE at the partner's own identity provider.
// 2. Call Askel with the access token: list the worker's participants, record a step.
import createClient from "openapi-fetch";
import type { paths } from "./askel";

const CLIENT_ID = "partner-frontend";
const show = (text: string) => {
  document.getElementById("status")!.textContent = text;
  document.title = text;
};

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function signIn(issuer: string): Promise<never> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem("verifier", verifier);
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID, response_type: "code", redirect_uri: `${location.origin}/`,
    scope: "openid api", resource: "urn:askel:api",
    code_challenge: challenge, code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => {});
}

async function accessToken(issuer: string, code: string): Promise<string> {
  const r = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", code, client_id: CLIENT_ID,
      redirect_uri: `${location.origin}/`, code_verifier: sessionStorage.getItem("verifier") ?? "",
      resource: "urn:askel:api",
    }),
  });
  const body = await r.json();
  if (!body.access_token) throw new Error(`no token: ${body.error ?? r.status}`);
  return body.access_token;
}

async function main() {
  const params = new URLSearchParams(location.search);
  if (params.get("api")) sessionStorage.setItem("api", params.get("api")!);
  if (params.get("issuer")) sessionStorage.setItem("issuer", params.get("issuer")!);
  const api = sessionStorage.getItem("api")!;
  const issuer = sessionStorage.getItem("issuer")!;
  const code = params.get("code");
  if (!code) await signIn(issuer);
  const token = await accessToken(issuer, code!);
  const askel = createClient<paths>({ baseUrl: api, headers: { Authorization: `Bearer ${token}` } });

  const projects = await askel.GET("/v1/projects", { params: { query: { limit: 500 } } });
  const esko = projects.data!.items.find((p) => p.code === "ESKO")!;
  const listed = await askel.GET("/v1/projects/{id}/participants", {
    params: { path: { id: esko.id }, query: { limit: 50 } },
  });
  const people = listed.data!.items;
  const list = document.getElementById("participants")!;
  for (const p of people) {
    const li = document.createElement("li");
    li.textContent = `${p.external_ref ?? p.id}: askel ${p.current_step ?? "–"}`;
    list.append(li);
  }
  // Someone still taking steps; Esko closed in 2019 and everyone left, so in the demo a
  // newcomer is registered on its last day.
  let first = people.find((p) => p.status === "active" && (p.current_step ?? 0) < 5);
  if (!first) {
    const registered = await askel.POST("/v1/projects/{id}/participants", {
      body: {
        entry_date: esko.end_date ?? esko.start_date ?? new Date().toISOString().slice(0, 10),
        gender: "male",
        birth_date: "1998-04-01",
        labour_market_status: "unemployed",
        education: "isced_0_2",
      },
      params: { path: { id: esko.id } },
    });
    if (registered.error) throw new Error(`the registration was refused: ${registered.error.detail}`);
    first = registered.data!;
  }
  const next = (first.current_step ?? 0) + 1;
  const recorded = await askel.POST("/v1/participants/{id}/steps", {
    params: { path: { id: first.id } },
    body: { step: next, entered_on: first.entry_date },
  });
  if (recorded.error) throw new Error(`the step was refused: ${recorded.error.detail}`);
  show(`done: ${people.length} participants; step ${recorded.data!.step} recorded`);
}

main().catch((e) => show(`error: ${e.message}`));
