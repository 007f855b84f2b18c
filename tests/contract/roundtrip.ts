// A typed round trip with the generated TypeScript client (openapi-typescript + openapi-fetch)
// against `serve --demo`: page a project's participants with a code-list filter, register one,
// read the project's report. `createClient<paths, "application/json">` narrows each answer to
// its JSON form (the report operations also serve CSV and XLSX), so `data` is the typed report.
//
// Usage (compiled by `npm run roundtrip`): node generated/roundtrip.js BASE WORKER_TOKEN MANAGER_TOKEN
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/askel";

type Participant = components["schemas"]["Participant"];

// Node's globals, declared here rather than pulling in @types/node for two of them.
declare const process: { argv: string[]; exit(code: number): never };

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

async function main(): Promise<void> {
  const [base, workerToken, managerToken] = process.argv.slice(2);
  const askel = createClient<paths, "application/json">({ baseUrl: base });
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  const projects = await askel.GET("/v1/projects", {
    params: { query: { limit: 500 } },
    headers: as(workerToken),
  });
  const esko = projects.data?.items.find((p) => p.code === "ESKO");
  check(esko !== undefined, "Esko is listed");
  const id = esko!.id;

  // Every page: the cursor of the next request is the last answer's next_cursor, as typed
  // (string | null: the parameter takes what the page gives).
  const leavers: Participant[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await askel.GET("/v1/projects/{id}/participants", {
      params: { path: { id }, query: { status: "exited", limit: 5, cursor } },
      headers: as(workerToken),
    });
    check(page.error === undefined, `a page: ${JSON.stringify(page.error)}`);
    leavers.push(...page.data!.items);
    cursor = page.data!.next_cursor;
  } while (cursor !== null && cursor !== undefined);
  check(leavers.length === 12, `Saimaan Virta's 12 leavers, got ${leavers.length}`);

  const created = await askel.POST("/v1/projects/{id}/participants", {
    params: { path: { id } },
    headers: as(workerToken),
    body: {
      external_ref: "virta-ts-0001",
      entry_date: "2018-10-01",
      gender: "male",
      birth_date: "1997-03-02",
      labour_market_status: "unemployed",
      unemployed_since: "2018-01-15",
      education: "isced_0_2",
    },
  });
  check(created.error === undefined, `registered: ${JSON.stringify(created.error)}`);
  const registered: Participant = created.data!;
  check(registered.status === "active", "a new participant is active");

  const report = await askel.GET("/v1/projects/{id}/reports/indicators", {
    params: { path: { id } },
    headers: as(managerToken),
  });
  check(report.error === undefined, `the report: ${JSON.stringify(report.error)}`);
  const participants: number | null | undefined = report.data!.participants.value;
  check((participants ?? 0) >= 25, `the administrator's exact count, got ${participants}`);
  console.log(`typescript: ${leavers.length} leavers paged, ${registered.id} registered, ${participants} in the report`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
