-- The statements Askel sends PostgreSQL for one step write (POST /v1/participants/{id}/steps
-- without an Idempotency-Key), for pgbench: the database's own ceiling for step writes on this
-- machine, with no HTTP server, no JSON, and no Rust. Two round trips, each its own transaction
-- (autocommit), as Askel sends them: the participant read on its own (the id looked up in the
-- same statement, so pgbench makes no third trip), and the step written — with its audit record
-- and event — only if the participant is still at the version read
-- (`persistence/src/step_if_unchanged.rs`). The steps written by the five-statement locked
-- transaction that came before are in pg_step_locked.sql.
-- bench.py runs it after the API's step writes: pgbench -n -M prepared -c 10 -j 2 -T 10
--   -D org=<the batch project's administrator> -f pg_step.sql, against a helper table
-- bench_step_ids (n, id) of the new participants.
\set n random(1, :ids)
SELECT p.*,
  (SELECT CAST(COALESCE(SUM(a.duration_minutes), 0) AS BIGINT) FROM attendance t
     INNER JOIN activities a ON a.id = t.activity_id
     WHERE t.participant_id = p.id AND t.status = 'present') AS participation_minutes,
  (SELECT pa.organisation_id FROM project_actors pa
     WHERE pa.project_id = p.project_id AND pa.role = 'administrator' LIMIT 1) AS project_administrator,
  caller.role AS caller_role
FROM participants p
LEFT JOIN project_actors caller ON caller.project_id = p.project_id AND caller.organisation_id = :org
WHERE p.id = (SELECT id FROM bench_step_ids WHERE n = :n) \gset r_
WITH moved AS (UPDATE participants SET current_step = 'outreach', current_step_since = '2019-03-02',
    steps_reached = steps_reached | 1, version = version + 1, updated_at = now()
    WHERE id = :r_id AND (CAST(:r_version AS int4) IS NULL OR version = CAST(:r_version AS int4))
    RETURNING id),
  left_step AS (UPDATE participant_steps SET left_on = '2019-03-02'
    WHERE participant_id IN (SELECT id FROM moved) AND episode = 1 AND left_on IS NULL),
  entered AS (INSERT INTO participant_steps (id, participant_id, episode, step, entered_on, reason,
    note, recorded_by, recorded_at)
    SELECT gen_random_uuid(), id, 1, 'outreach', '2019-03-02', NULL, NULL, 'bench', now() FROM moved),
  written_0 AS (INSERT INTO audit_log (id, at, client, organisation_id, acting_for, action, resource,
    resource_id, participant_id, outcome)
    SELECT gen_random_uuid(), now(), 'bench', :org, NULL, 'update', 'step', gen_random_uuid(), :r_id,
      'allowed' FROM moved),
  written_1 AS (INSERT INTO events (event_id, organisation_id, event_type, resource_id, project_id,
    participant_id, occurred_at)
    SELECT gen_random_uuid(), :org, 'participant.step_entered', :r_id, :r_project_id, :r_id, now()
    FROM moved)
SELECT CAST(COUNT(*) AS INT4) AS moved FROM moved;
