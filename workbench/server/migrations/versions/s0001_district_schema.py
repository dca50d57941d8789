"""The district schema: records, the change sequence, conflicts, accounts; access decided by the database.

Revision ID: s0001
Revises:
Create Date: 2026-12-05

Every synced record is one row of ``wb.record`` (kind, id, owner, data as JSON, soft delete, the change
sequence number it was last written at). Row-level security decides what each person's role sees and
writes; a trigger checks what a policy cannot express (which fields of a shared record a broker may edit,
every claim status step). Brokers write through ``wb.push`` — an ordinary (invoker's rights) function, so
the same policies apply to it as to hand-written SQL on the broker's connection.
"""

from __future__ import annotations

from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of workbench/server/kinds.py at this revision (a test compares them).
SHARED = ("enterprise", "contact", "institution", "technology", "tech_patent", "policy")
SHARED_WRITABLE = ("enterprise", "contact", "institution", "technology", "tech_patent")
SHARED_EDITABLE = {
    "enterprise": ("address", "industry_code", "cluster_code", "cluster_taxonomy", "high_tech", "notes"),
    "contact": ("title", "mobile", "phone", "email", "wechat", "notes"),
    "institution": ("region", "notes"),
    "technology": ("keywords", "technical_field", "maturity", "transfer_modes"),
}


def _list(items: tuple[str, ...]) -> str:
    return ", ".join(f"'{i}'" for i in items)


def upgrade() -> None:
    shared, writable = _list(SHARED), _list(SHARED_WRITABLE)
    op.execute(
        """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wb_broker') THEN
            CREATE ROLE wb_broker NOLOGIN;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wb_admin') THEN
            CREATE ROLE wb_admin NOLOGIN;
          END IF;
        END $$;

        CREATE SEQUENCE wb.change_seq;

        CREATE TABLE wb.account (
          role_name   text PRIMARY KEY,
          is_admin    boolean NOT NULL DEFAULT false,
          broker_id   text,
          created_at  timestamptz NOT NULL DEFAULT now(),
          joined_at   timestamptz,
          last_sync_at timestamptz
        );

        CREATE TABLE wb.record (
          id          text PRIMARY KEY,
          kind        text NOT NULL,
          owner       text NOT NULL DEFAULT session_user,
          data        jsonb NOT NULL DEFAULT '{}'::jsonb,
          deleted_at  timestamptz,
          seq         bigint NOT NULL DEFAULT nextval('wb.change_seq'),
          updated_by  text NOT NULL DEFAULT session_user,
          updated_at  timestamptz NOT NULL DEFAULT now(),
          recorded_before_joining boolean NOT NULL DEFAULT false
        );
        CREATE INDEX record_seq ON wb.record (seq);
        CREATE INDEX record_kind_owner ON wb.record (kind, owner);
        CREATE INDEX record_uscc ON wb.record ((data->>'uscc')) WHERE kind IN ('enterprise', 'institution');

        CREATE TABLE wb.change (
          seq        bigint PRIMARY KEY DEFAULT nextval('wb.change_seq'),
          client_id  text NOT NULL UNIQUE,
          kind       text NOT NULL,
          record_id  text NOT NULL,
          op         text NOT NULL,
          field      text,
          old        jsonb,
          new        jsonb,
          actor      text NOT NULL DEFAULT session_user,
          at         timestamptz NOT NULL DEFAULT now(),
          outcome    text NOT NULL
        );
        CREATE INDEX change_actor ON wb.change (actor, seq);

        CREATE TABLE wb.conflict (
          id          bigserial PRIMARY KEY,
          owner       text NOT NULL DEFAULT session_user,
          kind        text NOT NULL,
          record_id   text NOT NULL,
          field       text,
          reason      text NOT NULL,
          base        jsonb,
          mine        jsonb,
          theirs      jsonb,
          theirs_by   text,
          theirs_at   timestamptz,
          created_at  timestamptz NOT NULL DEFAULT now(),
          resolved_at timestamptz,
          resolution  text
        );
        CREATE INDEX conflict_open ON wb.conflict (owner) WHERE resolved_at IS NULL;

        CREATE TABLE wb.shared_field (
          kind  text NOT NULL,
          field text NOT NULL,
          PRIMARY KEY (kind, field)
        );

        CREATE FUNCTION wb.is_admin() RETURNS boolean
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = wb, pg_temp AS $$
            -- The district office: members of wb_admin, superusers and the schema's owner (who ran init).
            SELECT pg_has_role(session_user, 'wb_admin', 'MEMBER')
                OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
                OR session_user = (SELECT tableowner FROM pg_tables WHERE schemaname = 'wb' AND tablename = 'record')
          $$;

        CREATE FUNCTION wb.has_joined() RETURNS boolean
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = wb, pg_temp AS $$
            SELECT coalesce((SELECT joined_at IS NOT NULL FROM wb.account WHERE role_name = session_user), false)
          $$;

        CREATE FUNCTION wb.claim_status(p_claim text) RETURNS text
          LANGUAGE sql STABLE SECURITY DEFINER SET search_path = wb, pg_temp AS $$
            SELECT data->>'status' FROM wb.record WHERE id = p_claim AND kind = 'claim'
          $$;
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION wb.guard_record() RETURNS trigger
          LANGUAGE plpgsql SECURITY DEFINER SET search_path = wb, pg_temp AS $$
        DECLARE
          admin boolean := wb.is_admin();
          changed text;
          old_status text;
          new_status text;
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NOT admin THEN
              NEW.owner := session_user;
              NEW.recorded_before_joining := false;
              IF NEW.kind = 'claim' AND coalesce(NEW.data->>'status', 'draft') <> 'draft' THEN
                -- A claim that left the draft stage before its broker joined arrives as it was, marked;
                -- after joining, every claim starts as a draft and each step is checked here.
                IF wb.has_joined() THEN
                  RAISE EXCEPTION 'a new claim must start as a draft'
                    USING ERRCODE = 'check_violation', HINT = 'claim.new_not_draft';
                END IF;
                NEW.recorded_before_joining := true;
              END IF;
              IF NEW.kind IN ('claim_share', 'claim_status_event')
                 AND coalesce(wb.claim_status(NEW.data->>'claim_id'), 'draft') <> 'draft'
                 AND wb.has_joined() THEN
                RAISE EXCEPTION 'claim % was submitted and cannot be changed', NEW.data->>'claim_id'
                  USING ERRCODE = 'check_violation', HINT = 'claim.frozen';
              END IF;
            END IF;
          ELSE
            IF NEW.id <> OLD.id OR NEW.kind <> OLD.kind THEN
              RAISE EXCEPTION 'a record keeps its id and kind' USING ERRCODE = 'check_violation';
            END IF;
            IF NOT admin THEN
              IF NEW.owner <> OLD.owner OR NEW.recorded_before_joining <> OLD.recorded_before_joining THEN
                RAISE EXCEPTION 'only the district office changes ownership'
                  USING ERRCODE = 'insufficient_privilege', HINT = 'record.owner';
              END IF;
              IF OLD.owner <> session_user THEN
                IF NEW.deleted_at IS DISTINCT FROM OLD.deleted_at THEN
                  RAISE EXCEPTION 'only its creator or the district office deletes a shared %', OLD.kind
                    USING ERRCODE = 'insufficient_privilege', HINT = 'record.delete_shared';
                END IF;
                FOR changed IN
                  SELECT key FROM (
                    SELECT key, value FROM jsonb_each(NEW.data)
                    UNION SELECT key, value FROM jsonb_each(OLD.data)
                  ) AS k
                  WHERE (NEW.data -> key) IS DISTINCT FROM (OLD.data -> key)
                LOOP
                  IF NOT EXISTS (SELECT 1 FROM wb.shared_field f WHERE f.kind = OLD.kind AND f.field = changed)
                  THEN
                    RAISE EXCEPTION 'field % of a shared % is kept by its creator', changed, OLD.kind
                      USING ERRCODE = 'insufficient_privilege', HINT = 'record.shared_field';
                  END IF;
                END LOOP;
              END IF;
              IF OLD.kind IN ('claim_share', 'claim_status_event')
                 AND coalesce(wb.claim_status(OLD.data->>'claim_id'), 'draft') <> 'draft' THEN
                RAISE EXCEPTION 'claim % was submitted and cannot be changed', OLD.data->>'claim_id'
                  USING ERRCODE = 'check_violation', HINT = 'claim.frozen';
              END IF;
            END IF;
            IF OLD.kind = 'claim' THEN
              old_status := coalesce(OLD.data->>'status', 'draft');
              new_status := coalesce(NEW.data->>'status', 'draft');
              IF old_status <> new_status THEN
                IF NOT (
                  (NOT admin AND old_status = 'draft' AND new_status = 'submitted')
                  OR (admin AND (old_status, new_status) IN (
                      ('submitted', 'approved'), ('submitted', 'rejected'), ('approved', 'paid')))
                ) THEN
                  RAISE EXCEPTION 'a claim cannot go from % to % here', old_status, new_status
                    USING ERRCODE = 'insufficient_privilege', HINT = 'claim.step';
                END IF;
              ELSIF old_status <> 'draft' AND NOT admin
                    AND (NEW.data IS DISTINCT FROM OLD.data OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at) THEN
                RAISE EXCEPTION 'claim % was submitted and cannot be changed', OLD.id
                  USING ERRCODE = 'check_violation', HINT = 'claim.frozen';
              END IF;
            END IF;
          END IF;
          NEW.seq := nextval('wb.change_seq');
          NEW.updated_by := session_user;
          NEW.updated_at := now();
          RETURN NEW;
        END $$;

        CREATE TRIGGER record_guard BEFORE INSERT OR UPDATE ON wb.record
          FOR EACH ROW EXECUTE FUNCTION wb.guard_record();

        CREATE FUNCTION wb.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'records are deleted by marking them (deleted_at), never removed'
            USING ERRCODE = 'insufficient_privilege', HINT = 'record.hard_delete';
        END $$;
        CREATE TRIGGER record_no_delete BEFORE DELETE ON wb.record
          FOR EACH ROW EXECUTE FUNCTION wb.refuse_delete();

        ALTER TABLE wb.record ENABLE ROW LEVEL SECURITY;
        CREATE POLICY record_admin ON wb.record TO wb_admin USING (true) WITH CHECK (true);
        CREATE POLICY record_read ON wb.record FOR SELECT TO wb_broker USING (
          owner = session_user
          OR kind IN ({shared})
          OR (kind = 'need' AND NOT coalesce((data->>'confidential')::boolean, false))
        );
        CREATE POLICY record_insert ON wb.record FOR INSERT TO wb_broker WITH CHECK (
          owner = session_user AND kind <> 'policy'
        );
        CREATE POLICY record_update ON wb.record FOR UPDATE TO wb_broker
          USING (owner = session_user OR kind IN ({writable}))
          WITH CHECK (owner = session_user OR kind IN ({writable}));

        ALTER TABLE wb.change ENABLE ROW LEVEL SECURITY;
        CREATE POLICY change_admin ON wb.change TO wb_admin USING (true) WITH CHECK (true);
        CREATE POLICY change_own ON wb.change TO wb_broker
          USING (actor = session_user) WITH CHECK (actor = session_user);

        ALTER TABLE wb.conflict ENABLE ROW LEVEL SECURITY;
        CREATE POLICY conflict_admin ON wb.conflict TO wb_admin USING (true) WITH CHECK (true);
        CREATE POLICY conflict_own ON wb.conflict TO wb_broker
          USING (owner = session_user) WITH CHECK (owner = session_user);

        ALTER TABLE wb.account ENABLE ROW LEVEL SECURITY;
        CREATE POLICY account_admin ON wb.account TO wb_admin USING (true) WITH CHECK (true);
        CREATE POLICY account_own ON wb.account FOR SELECT TO wb_broker USING (role_name = session_user);

        GRANT USAGE ON SCHEMA wb TO wb_broker, wb_admin;
        GRANT USAGE ON SEQUENCE wb.change_seq TO wb_broker, wb_admin;
        GRANT USAGE ON SEQUENCE wb.conflict_id_seq TO wb_broker, wb_admin;
        GRANT SELECT, INSERT, UPDATE ON wb.record TO wb_broker, wb_admin;
        GRANT SELECT, INSERT ON wb.change TO wb_broker, wb_admin;
        GRANT SELECT, INSERT, UPDATE ON wb.conflict TO wb_broker, wb_admin;
        GRANT SELECT ON wb.account, wb.shared_field TO wb_broker, wb_admin;
        GRANT INSERT, UPDATE ON wb.account TO wb_admin;
        """
    )
    op.execute(
        """
        CREATE FUNCTION wb.push(
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

        CREATE FUNCTION wb.mark_synced(p_joined boolean) RETURNS void
          LANGUAGE sql SECURITY DEFINER SET search_path = wb, pg_temp AS $$
            UPDATE wb.account
               SET last_sync_at = now(),
                   joined_at = CASE WHEN p_joined THEN coalesce(joined_at, now()) ELSE joined_at END
             WHERE role_name = session_user
          $$;

        REVOKE ALL ON FUNCTION wb.push(text, text, text, text, text, jsonb, jsonb) FROM PUBLIC;
        REVOKE ALL ON FUNCTION wb.mark_synced(boolean) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION wb.push(text, text, text, text, text, jsonb, jsonb) TO wb_broker, wb_admin;
        GRANT EXECUTE ON FUNCTION wb.mark_synced(boolean) TO wb_broker, wb_admin;
        """
    )
    rows = ", ".join(f"('{kind}', '{field}')" for kind, fields in SHARED_EDITABLE.items() for field in fields)
    op.execute(f"INSERT INTO wb.shared_field (kind, field) VALUES {rows}")


def downgrade() -> None:
    op.execute("DROP SCHEMA wb CASCADE")
