-- The statements Askel sent PostgreSQL for one step write (POST /v1/participants/{id}/steps)
-- until 2026-12-04, and still sends for one with an Idempotency-Key or one that lost a race
-- (the participant's row locked for update in a transaction), as PostgreSQL logged them with
-- log_statement = all on 2026-12-03, for pgbench: that write's own ceiling on this machine,
-- with no HTTP server, no JSON, and no Rust; kept beside pg_step.sql so that figures stay
-- comparable with earlier sittings'.
-- bench.py runs it after the API's step writes: pgbench -n -M prepared -c 10 -j 2 -T 10
--   -D org=<the batch project's administrator> -f pg_step_locked.sql, against a helper table
-- bench_step_ids (n, id) of the new participants.
\set n random(1, :ids)
BEGIN;
SELECT id AS pid FROM bench_step_ids WHERE n = :n \gset
SELECT p.*,
  (SELECT CAST(COALESCE(SUM(a.duration_minutes), 0) AS BIGINT) FROM attendance t
     INNER JOIN activities a ON a.id = t.activity_id
     WHERE t.participant_id = p.id AND t.status = 'present') AS participation_minutes,
  (SELECT pa.organisation_id FROM project_actors pa
     WHERE pa.project_id = p.project_id AND pa.role = 'administrator' LIMIT 1) AS project_administrator,
  caller.role AS caller_role
FROM participants p
LEFT JOIN project_actors caller ON caller.project_id = p.project_id AND caller.organisation_id = :org
WHERE p.id = :pid
FOR UPDATE OF p;
WITH left_step AS (UPDATE participant_steps SET left_on = '2019-03-02'
    WHERE participant_id = :pid AND episode = 1 AND left_on IS NULL),
  moved AS (UPDATE participants SET current_step = 'outreach', current_step_since = '2019-03-02',
    steps_reached = steps_reached | 1, version = version + 1, updated_at = now() WHERE id = :pid)
INSERT INTO participant_steps (id, participant_id, episode, step, entered_on, reason, note, recorded_by, recorded_at)
VALUES (gen_random_uuid(), :pid, 1, 'outreach', '2019-03-02', NULL, NULL, 'bench', now());
WITH audit_appended AS (INSERT INTO audit_log (id, at, client, organisation_id, acting_for, action, resource,
    resource_id, participant_id, outcome)
  VALUES (gen_random_uuid(), now(), 'bench', :org, NULL, 'update', 'step', gen_random_uuid(), :pid, 'allowed'))
INSERT INTO events (event_id, organisation_id, event_type, resource_id, project_id, participant_id, occurred_at)
VALUES (gen_random_uuid(), :org, 'participant.step_entered', :pid, NULL, :pid, now());
COMMIT;
