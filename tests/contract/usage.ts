// A partner's use of the client generated from openapi/openapi.json: it must compile, and the
// mistakes marked @ts-expect-error must not (the contract's types are exact).
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/askel";

type Participant = components["schemas"]["Participant"];
type Problem = components["schemas"]["Problem"];

const askel = createClient<paths>({ baseUrl: "http://127.0.0.1:8080" });

export async function registerAndStart(token: string, projectId: string): Promise<Participant> {
  const headers = { Authorization: `Bearer ${token}` };
  const created = await askel.POST("/v1/projects/{id}/participants", {
    params: { path: { id: projectId }, header: { "Idempotency-Key": "lap-001-2025-02-03" } },
    headers,
    body: {
      external_ref: "lap-001",
      entry_date: "2025-02-03",
      gender: "female",
      birth_date: "1990-01-01",
      labour_market_status: "unemployed",
      unemployed_since: "2024-01-01",
      education: "isced_3_4",
      degree_of_urbanisation: "rural_areas",
      consents: [{ kind: "data_processing", given: true, date: "2025-02-03" }],
    },
  });
  if (created.error) {
    const problem: Problem = created.error;
    throw new Error(`${problem.status}: ${problem.detail}`);
  }
  const participant = created.data;
  await askel.POST("/v1/participants/{id}/steps", {
    params: { path: { id: participant.id } },
    headers,
    body: { step: 1, entered_on: "2025-02-03" },
  });
  const inbox = await askel.GET("/v1/referrals", {
    params: { query: { role: "target", limit: 50 } },
    headers,
  });
  const statuses: string[] = inbox.data?.items.map((r) => r.status) ?? [];
  console.log(statuses.length);
  return participant;
}

// @ts-expect-error code lists are the wire codes, not Rust variant names
export const wrongCode: components["schemas"]["Participant"]["gender"] = "Female";

export async function wrongField(token: string, projectId: string) {
  await askel.POST("/v1/projects/{id}/participants", {
    params: { path: { id: projectId } },
    headers: { Authorization: `Bearer ${token}` },
    // @ts-expect-error birth_date is required
    body: { entry_date: "2025-02-03", gender: "male", labour_market_status: "inactive", education: "isced_0_2" },
  });
}
