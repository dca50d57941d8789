"""District schema, step 2: histories merge instead of conflicting.

A match's stage history (``_stages``) and a claim's status history (``_history``) travel with their record
since this revision. They only grow — a step is never edited — so ``wb.push`` joins the entries a laptop
sends with those the server holds (in time order, each once) instead of comparing against a base: the office
approving a claim on the server and the broker's laptop both add to one history, and records synced before
this revision (no history on the server yet) take their laptop's history without a false conflict.
"""

from __future__ import annotations

from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None

# Frozen at this revision (workbench/sync/children.py names them; a test compares).
HISTORIES = ("_stages", "_history")


def upgrade() -> None:
    histories = ", ".join(f"'{h}'" for h in HISTORIES)
    op.execute(
        """
        CREATE OR REPLACE FUNCTION wb.push(
          p_client_id text, p_kind text, p_id text, p_op text, p_field text, p_base jsonb, p_new jsonb
        ) RETURNS text LANGUAGE plpgsql SET search_path = wb, pg_temp AS $$
        -- One change from a laptop. Invoker's rights: the caller's policies apply to every write here.
        -- Idempotent: a change already recorded under its client id is not applied again.
        DECLARE
          cur wb.record%ROWTYPE;
          current_value jsonb;
          outcome text;
          other text;
        BEGIN
          PERFORM 1 FROM wb.change WHERE client_id = p_client_id;
          IF FOUND THEN
            RETURN 'duplicate';
          END IF;
          BEGIN
            SELECT * INTO cur FROM wb.record WHERE id = p_id FOR UPDATE;
            IF p_op = 'create' THEN
              IF FOUND THEN
                outcome := 'exists';
              ELSE
                INSERT INTO wb.record (id, kind, data) VALUES (p_id, p_kind, p_new);
                outcome := 'applied';
                IF p_kind IN ('enterprise', 'institution') AND coalesce(p_new->>'uscc', '') <> '' THEN
                  SELECT id INTO other FROM wb.record
                   WHERE kind = p_kind AND id <> p_id AND deleted_at IS NULL AND data->>'uscc' = p_new->>'uscc'
                   ORDER BY seq LIMIT 1;
                  IF other IS NOT NULL THEN
                    INSERT INTO wb.conflict (kind, record_id, field, reason, mine, theirs)
                      VALUES (p_kind, p_id, 'uscc', 'duplicate', to_jsonb(p_id), to_jsonb(other));
                    outcome := 'duplicate_record';
                  END IF;
                END IF;
              END IF;
            ELSIF NOT FOUND THEN
              outcome := 'not_visible';
            ELSIF p_op = 'update' THEN
              -- A record's collection (``_patents`` …) it never had is an empty one.
              current_value := coalesce(
                cur.data -> p_field, CASE WHEN left(p_field, 1) = '_' THEN '[]'::jsonb ELSE 'null'::jsonb END);
              IF cur.deleted_at IS NOT NULL THEN
                INSERT INTO wb.conflict (kind, record_id, field, reason, base, mine, theirs, theirs_by, theirs_at)
                  VALUES (p_kind, p_id, p_field, 'deleted', p_base, p_new, NULL, cur.updated_by, cur.updated_at);
                outcome := 'conflict';
              ELSIF p_field IN ({histories}) THEN
                -- A history only grows: what the laptop sends joins what the server holds, in time order,
                -- each entry once; a history the server never had (records synced before) is empty.
                UPDATE wb.record SET data = jsonb_set(data, ARRAY[p_field], (
                    SELECT coalesce(jsonb_agg(e ORDER BY e ->> 2, first_seen), '[]'::jsonb)
                      FROM (SELECT e, min(n) AS first_seen
                              FROM (SELECT e, n FROM jsonb_array_elements(current_value) WITH ORDINALITY AS a(e, n)
                                    UNION ALL
                                    SELECT e, n + 1000000
                                      FROM jsonb_array_elements(coalesce(p_new, '[]'::jsonb))
                                           WITH ORDINALITY AS b(e, n)) AS merged
                             GROUP BY e) AS entries))
                 WHERE id = p_id;
                outcome := 'applied';
              ELSIF current_value = coalesce(p_base, 'null'::jsonb) OR current_value = coalesce(p_new, 'null'::jsonb)
              THEN
                IF current_value IS DISTINCT FROM coalesce(p_new, 'null'::jsonb) THEN
                  UPDATE wb.record SET data = jsonb_set(data, ARRAY[p_field], coalesce(p_new, 'null'::jsonb))
                   WHERE id = p_id;
                END IF;
                outcome := 'applied';
              ELSE
                INSERT INTO wb.conflict (kind, record_id, field, reason, base, mine, theirs, theirs_by, theirs_at)
                  VALUES (p_kind, p_id, p_field, 'edited', p_base, p_new, current_value, cur.updated_by,
                          cur.updated_at);
                outcome := 'conflict';
              END IF;
            ELSIF p_op = 'delete' THEN
              IF cur.deleted_at IS NULL THEN
                UPDATE wb.record SET deleted_at = now() WHERE id = p_id;
              END IF;
              outcome := 'applied';
            ELSIF p_op = 'restore' THEN
              UPDATE wb.record SET deleted_at = NULL WHERE id = p_id;
              outcome := 'applied';
            ELSE
              RAISE EXCEPTION 'unknown change operation %', p_op USING ERRCODE = 'invalid_parameter_value';
            END IF;
          EXCEPTION
            WHEN insufficient_privilege OR check_violation THEN
              outcome := 'refused: ' || SQLERRM;
          END;
          INSERT INTO wb.change (client_id, kind, record_id, op, field, old, new, outcome)
            VALUES (p_client_id, p_kind, p_id, p_op, p_field, p_base, p_new, outcome);
          RETURN outcome;
        END $$;

        """.replace("{histories}", histories)
    )


def downgrade() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION wb.push(
          p_client_id text, p_kind text, p_id text, p_op text, p_field text, p_base jsonb, p_new jsonb
        ) RETURNS text LANGUAGE plpgsql SET search_path = wb, pg_temp AS $$
        -- One change from a laptop. Invoker's rights: the caller's policies apply to every write here.
        -- Idempotent: a change already recorded under its client id is not applied again.
        DECLARE
          cur wb.record%ROWTYPE;
          current_value jsonb;
          outcome text;
          other text;
        BEGIN
          PERFORM 1 FROM wb.change WHERE client_id = p_client_id;
          IF FOUND THEN
            RETURN 'duplicate';
          END IF;
          BEGIN
            SELECT * INTO cur FROM wb.record WHERE id = p_id FOR UPDATE;
            IF p_op = 'create' THEN
              IF FOUND THEN
                outcome := 'exists';
              ELSE
                INSERT INTO wb.record (id, kind, data) VALUES (p_id, p_kind, p_new);
                outcome := 'applied';
                IF p_kind IN ('enterprise', 'institution') AND coalesce(p_new->>'uscc', '') <> '' THEN
                  SELECT id INTO other FROM wb.record
                   WHERE kind = p_kind AND id <> p_id AND deleted_at IS NULL AND data->>'uscc' = p_new->>'uscc'
                   ORDER BY seq LIMIT 1;
                  IF other IS NOT NULL THEN
                    INSERT INTO wb.conflict (kind, record_id, field, reason, mine, theirs)
                      VALUES (p_kind, p_id, 'uscc', 'duplicate', to_jsonb(p_id), to_jsonb(other));
                    outcome := 'duplicate_record';
                  END IF;
                END IF;
              END IF;
            ELSIF NOT FOUND THEN
              outcome := 'not_visible';
            ELSIF p_op = 'update' THEN
              -- A record's collection (``_patents`` …) it never had is an empty one.
              current_value := coalesce(
                cur.data -> p_field, CASE WHEN left(p_field, 1) = '_' THEN '[]'::jsonb ELSE 'null'::jsonb END);
              IF cur.deleted_at IS NOT NULL THEN
                INSERT INTO wb.conflict (kind, record_id, field, reason, base, mine, theirs, theirs_by, theirs_at)
                  VALUES (p_kind, p_id, p_field, 'deleted', p_base, p_new, NULL, cur.updated_by, cur.updated_at);
                outcome := 'conflict';
              ELSIF current_value = coalesce(p_base, 'null'::jsonb) OR current_value = coalesce(p_new, 'null'::jsonb)
              THEN
                IF current_value IS DISTINCT FROM coalesce(p_new, 'null'::jsonb) THEN
                  UPDATE wb.record SET data = jsonb_set(data, ARRAY[p_field], coalesce(p_new, 'null'::jsonb))
                   WHERE id = p_id;
                END IF;
                outcome := 'applied';
              ELSE
                INSERT INTO wb.conflict (kind, record_id, field, reason, base, mine, theirs, theirs_by, theirs_at)
                  VALUES (p_kind, p_id, p_field, 'edited', p_base, p_new, current_value, cur.updated_by,
                          cur.updated_at);
                outcome := 'conflict';
              END IF;
            ELSIF p_op = 'delete' THEN
              IF cur.deleted_at IS NULL THEN
                UPDATE wb.record SET deleted_at = now() WHERE id = p_id;
              END IF;
              outcome := 'applied';
            ELSIF p_op = 'restore' THEN
              UPDATE wb.record SET deleted_at = NULL WHERE id = p_id;
              outcome := 'applied';
            ELSE
              RAISE EXCEPTION 'unknown change operation %', p_op USING ERRCODE = 'invalid_parameter_value';
            END IF;
          EXCEPTION
            WHEN insufficient_privilege OR check_violation THEN
              outcome := 'refused: ' || SQLERRM;
          END;
          INSERT INTO wb.change (client_id, kind, record_id, op, field, old, new, outcome)
            VALUES (p_client_id, p_kind, p_id, p_op, p_field, p_base, p_new, outcome);
          RETURN outcome;
        END $$;

        """
    )
