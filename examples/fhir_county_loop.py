#!/usr/bin/env python3
"""The county's loop over Askel's FHIR R4 facade, in Python: find the newest Task addressed to
your organisation that is waiting (`requested` or `received`), mark it received, accept it and
complete it with an outcome. Two ways, the same steps:

  python3 examples/fhir_county_loop.py requests BASE TOKEN   # plain `requests`
  python3 examples/fhir_county_loop.py fhirpy   BASE TOKEN   # fhirpy 2.x (pip install fhirpy)

BASE is the server (e.g. http://127.0.0.1:8080), TOKEN a referral handler's bearer token (the
demo prints Eksote's). Every change sends `If-Match: W/"{versionId}"` of the version read:
without it Askel answers 428, with a stale one 412 (read again and retry). fhirpy's `save()` and
`patch()` send no If-Match of their own, so the fhirpy way updates through a client made for
that version (`extra_headers`), with the whole Task (PUT): fhirpy's `patch()` sends a partial
resource, and Askel's PATCH takes a JSON Patch (`application/json-patch+json`) — the requests
way shows that one.
"""

import base64
import json
import sys


def organisation_of(token):
    """The organisation id in the token's `org` claim."""
    payload = token.split(".")[1]
    payload += "=" * (-len(payload) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))["org"]


def with_requests(base, token):
    import requests

    fhir = f"{base}/fhir"
    auth = {"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"}
    org = organisation_of(token)

    def if_match(task):
        return {**auth, "If-Match": f'W/"{task["meta"]["versionId"]}"'}

    found = requests.get(
        f"{fhir}/Task",
        params={"owner": f"Organization/{org}", "status": "requested,received", "_count": 50},
        headers=auth,
        timeout=30,
    )
    found.raise_for_status()
    entries = found.json().get("entry", [])
    if not entries:
        sys.exit("no Task is waiting for this organisation")
    task = entries[-1]["resource"]
    if task["status"] == "requested":
        # The whole Task back with the new status (PUT).
        task = {**task, "status": "received"}
        r = requests.put(f"{fhir}/Task/{task['id']}", json=task, headers=if_match(task), timeout=30)
        r.raise_for_status()
        task = r.json()
    # A JSON Patch (PATCH).
    patch = [{"op": "replace", "path": "/status", "value": "accepted"}]
    r = requests.patch(
        f"{fhir}/Task/{task['id']}",
        data=json.dumps(patch),
        headers={**if_match(task), "Content-Type": "application/json-patch+json"},
        timeout=30,
    )
    r.raise_for_status()
    task = r.json()
    task = {
        **task,
        "status": "completed",
        "output": [{"type": {"text": "outcome"}, "valueString": "Aloitti työkokeilun."}],
    }
    r = requests.put(f"{fhir}/Task/{task['id']}", json=task, headers=if_match(task), timeout=30)
    r.raise_for_status()
    return r.json()


def with_fhirpy(base, token):
    from fhirpy import SyncFHIRClient

    client = SyncFHIRClient(f"{base}/fhir", authorization=f"Bearer {token}")
    org = organisation_of(token)
    waiting = (
        client.resources("Task")
        .search(owner=f"Organization/{org}", status="requested,received")
        .limit(50)
        .fetch()
    )
    if not waiting:
        sys.exit("no Task is waiting for this organisation")
    task = waiting[-1]

    def save(task, **changes):
        """PUTs the whole Task with `changes`, naming the version read; the Task as stored."""
        versioned = SyncFHIRClient(
            f"{base}/fhir",
            authorization=f"Bearer {token}",
            extra_headers={"If-Match": f'W/"{task["meta"]["versionId"]}"'},
        )
        body = {k: v for k, v in task.serialize().items() if k != "resourceType"}
        changed = versioned.resource("Task", **{**body, **changes})
        changed.save()
        return changed

    if task["status"] == "requested":
        task = save(task, status="received")
    task = save(task, status="accepted")
    task = save(
        task,
        status="completed",
        output=[{"type": {"text": "outcome"}, "valueString": "Aloitti työkokeilun."}],
    )
    return task.serialize()


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("requests", "fhirpy"):
        sys.exit(__doc__)
    way, base, token = sys.argv[1:]
    task = (with_requests if way == "requests" else with_fhirpy)(base.rstrip("/"), token)
    assert task["status"] == "completed", task
    print(f"{way}: Task/{task['id']} completed (version {task['meta']['versionId']})")


if __name__ == "__main__":
    main()
