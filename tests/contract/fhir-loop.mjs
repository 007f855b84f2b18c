// The county's closed loop through the FHIR facade, run by a real FHIR client library
// (fhir-kit-client): search new referrals, read one, accept its Task, put it in progress,
// complete it with an outcome — and the sender sees it through /v1. Every resource the server
// answers with is validated as R4 by the npm `fhir` validator and checked against the base
// specification's FHIRPath invariants with `fhirpath`. A foreign organisation's client gets
// 404 OperationOutcomes; XML gets 406.
//
// Usage: node fhir-loop.mjs BASE WORKER_TOKEN COUNTY_TOKEN FOREIGN_TOKEN
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Client } from 'fhir-kit-client';
import fhirpath from 'fhirpath';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const r4 = require('fhirpath/fhir-context/r4');

const [base, workerToken, countyToken, foreignToken] = process.argv.slice(2);
const validator = new Fhir();
let validated = 0;
let invariantsChecked = 0;

// Invariants of the R4 base resources (their FHIRPath as the specification gives it).
const INVARIANTS = {
  ServiceRequest: [['prr-1', "orderDetail.empty() or code.exists()"]],
  Task: [['inv-1', "lastModified.exists().not() or authoredOn.exists().not() or lastModified >= authoredOn"]],
  Bundle: [
    ['bdl-1', "total.empty() or (type = 'searchset') or (type = 'history')"],
    ['bdl-7', "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()"],
    ['bdl-8', "entry.all(fullUrl.exists() implies fullUrl.contains('/_history/').not())"],
  ],
  CapabilityStatement: [
    ['cpb-1', "rest.exists() or messaging.exists() or document.exists()"],
    ['cpb-3', "(kind != 'instance') or implementation.exists()"],
  ],
  OperationOutcome: [['ele-1', "issue.all(severity.exists() and code.exists())"]],
  Organization: [['org-1', "(identifier.count() + name.count()) > 0"]],
};

function check(resource) {
  const result = validator.validate(resource, { errorOnUnexpected: true });
  const errors = (result.messages || []).filter((m) => m.severity === 'error');
  assert.ok(result.valid, `${resource.resourceType} is valid R4: ${JSON.stringify(errors)}`);
  validated += 1;
  for (const [key, expression] of INVARIANTS[resource.resourceType] || []) {
    const [holds] = fhirpath.evaluate(resource, expression, null, r4);
    assert.equal(holds, true, `${resource.resourceType} ${key}: ${JSON.stringify(resource)}`);
    invariantsChecked += 1;
  }
  if (resource.resourceType === 'Bundle') {
    for (const e of resource.entry || []) check(e.resource);
  }
  if (resource.resourceType === 'ServiceRequest') {
    for (const c of resource.contained || []) check(c);
  }
  return resource;
}

async function v1(token, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

const claims = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
const county = claims(countyToken).org;

// The sender: a participant who consented, referred to the county.
const projects = await v1(workerToken, 'GET', '/v1/projects?limit=500');
const project = projects.items.find((p) => p.code === 'ESKO') || projects.items[0];
// Entered on the project's first day, whatever its period.
const entry = project.start_date;
const person = await v1(workerToken, 'POST', `/v1/projects/${project.id}/participants`, {
  entry_date: entry, gender: 'female', birth_date: '1990-05-17', labour_market_status: 'unemployed',
  education: 'isced_3_4', home_municipality: '405',
  consents: [{ kind: 'data_processing', given: true, date: entry }, { kind: 'share_with_county', given: true, date: entry }],
});
const sent = await v1(workerToken, 'POST', `/v1/participants/${person.id}/referrals`, {
  target_organisation_id: county, service_kind: 'work_ability_assessment', reason: 'Työkyvyn arvio ennen työkokeilua.',
  share: { birth_date: true, gender: true }, send: true,
});

// The county, with a FHIR client.
const client = new Client({ baseUrl: `${base}/fhir`, bearerToken: countyToken });
check(await client.capabilityStatement());

let bundle = check(await client.search({
  resourceType: 'ServiceRequest',
  searchParams: { performer: `Organization/${county}`, status: 'active', _count: 20 },
}));
let found;
let pages = 1;
while (!found) {
  found = (bundle.entry || []).map((e) => e.resource).find((r) => r.id === sent.id);
  if (found) break;
  bundle = await client.nextPage({ bundle });
  assert.ok(bundle, 'the new referral is on some page');
  check(bundle);
  pages += 1;
}
const request = check(await client.read({ resourceType: 'ServiceRequest', id: sent.id }));
assert.equal(request.contained[0].birthDate, '1990-05-17');
check(await client.resolve({ reference: request.requester.reference }));
check(await client.resolve({ reference: request.performer[0].reference }));

const ifMatch = (resource) => ({ headers: { 'If-Match': `W/"${resource.meta.versionId}"` } });
let task = check(await client.read({ resourceType: 'Task', id: sent.id }));
assert.equal(task.status, 'requested');
task = check(await client.update({ resourceType: 'Task', id: task.id, body: { ...task, status: 'received' }, options: ifMatch(task) }));
task = check(await client.patch({
  resourceType: 'Task', id: task.id, jsonPatch: [{ op: 'replace', path: '/status', value: 'accepted' }], options: ifMatch(task),
}));
task = check(await client.patch({
  resourceType: 'Task', id: task.id, jsonPatch: [{ op: 'replace', path: '/status', value: 'in-progress' }], options: ifMatch(task),
}));
task = check(await client.update({
  resourceType: 'Task', id: task.id, options: ifMatch(task),
  body: { ...task, status: 'completed', output: [{ type: { text: 'outcome' }, valueString: 'Arvio tehty; työkokeilu suositeltu.' }] },
}));
assert.equal(task.status, 'completed');

// A stale version and an illegal move: OperationOutcomes.
for (const [body, status] of [[{ ...task, status: 'received' }, 409]]) {
  await assert.rejects(
    client.update({ resourceType: 'Task', id: task.id, body, options: ifMatch(task) }),
    (e) => e.response.status === status && check(e.response.data).resourceType === 'OperationOutcome',
  );
}
await assert.rejects(
  client.update({ resourceType: 'Task', id: task.id, body: task, options: { headers: { 'If-Match': 'W/"1"' } } }),
  (e) => e.response.status === 412 && check(e.response.data).resourceType === 'OperationOutcome',
);

// The sender sees the loop closed through /v1.
const seen = await v1(workerToken, 'GET', `/v1/referrals/${sent.id}`);
assert.equal(seen.status, 'completed');
assert.equal(seen.outcome.description, 'Arvio tehty; työkokeilu suositeltu.');
assert.deepEqual(seen.transitions.map((t) => t.to), ['draft', 'sent', 'received', 'accepted', 'in_progress', 'completed']);

// A foreign organisation: 404 on every route; XML: 406.
const stranger = new Client({ baseUrl: `${base}/fhir`, bearerToken: foreignToken });
for (const resourceType of ['ServiceRequest', 'Task']) {
  await assert.rejects(stranger.read({ resourceType, id: sent.id }),
    (e) => e.response.status === 404 && check(e.response.data).resourceType === 'OperationOutcome');
}
await assert.rejects(
  stranger.update({ resourceType: 'Task', id: sent.id, body: task, options: ifMatch(task) }),
  (e) => e.response.status === 404,
);
const xml = await fetch(`${base}/fhir/ServiceRequest/${sent.id}`, {
  headers: { authorization: `Bearer ${countyToken}`, accept: 'application/fhir+xml' },
});
assert.equal(xml.status, 406);
check(await xml.json());

console.log(`fhir: the county's loop ran through fhir-kit-client (${pages} search page(s)); ${validated} resources valid R4, ${invariantsChecked} invariants hold`);
