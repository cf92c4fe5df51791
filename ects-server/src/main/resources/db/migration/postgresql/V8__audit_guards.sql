-- Guards on the audit log tables (PostgreSQL only). They keep mistakes and ordinary SQL out; they do not make the log
-- tamper-proof: a superuser or the tables' owner can disable triggers and edit rows. That is detected by the signed
-- checkpoints and `./ects audit fsck` (docs/evidence.md, "In the platform").

-- 1. A role that owns the audit tables and never logs in. Roles are per cluster: create it once, tolerate a race.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ects_audit_owner') THEN
        CREATE ROLE ects_audit_owner NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role ects_audit_owner (needs CREATEROLE): the audit tables keep their owner';
END $$;

-- 2. Hand the tables to it; the role running the migrations (the application's) keeps only what it needs:
--    SELECT and INSERT on entries, nodes, checkpoints and frames, SELECT and UPDATE of the size column.
DO $$
DECLARE
    app text := current_user;
    t text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ects_audit_owner') THEN
        BEGIN
            EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO ects_audit_owner', current_schema());
            FOREACH t IN ARRAY ARRAY['audit_entries', 'audit_tree_nodes', 'audit_tree_size', 'audit_checkpoints',
                                     'audit_frames'] LOOP
                EXECUTE format('ALTER TABLE %I OWNER TO ects_audit_owner', t);
            END LOOP;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'cannot give the audit tables to ects_audit_owner (% is not a member): they keep their owner',
                app;
        END;
    END IF;
    EXECUTE 'REVOKE ALL ON audit_entries, audit_tree_nodes, audit_tree_size, audit_checkpoints, audit_frames FROM PUBLIC';
    IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'audit_entries' AND tableowner <> app) THEN
        EXECUTE format('REVOKE ALL ON audit_entries, audit_tree_nodes, audit_tree_size, audit_checkpoints, '
                       || 'audit_frames FROM %I', app);
        EXECUTE format('GRANT SELECT, INSERT ON audit_entries, audit_tree_nodes, audit_checkpoints, audit_frames '
                       || 'TO %I', app);
        EXECUTE format('GRANT SELECT, UPDATE (size) ON audit_tree_size TO %I', app);
    END IF;
END $$;

-- 3. Triggers that refuse UPDATE, DELETE and TRUNCATE, for everyone (superusers included) and in every
--    session_replication_role (ENABLE ALWAYS). The size row may only grow.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION audit_size_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.size >= OLD.size THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit tree size only grows: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_entries', 'audit_tree_nodes', 'audit_checkpoints', 'audit_frames'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW '
                       || 'EXECUTE FUNCTION audit_refuse_change()', t || '_append_only', t);
        EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER %I', t, t || '_append_only');
    END LOOP;
    FOREACH t IN ARRAY ARRAY['audit_entries', 'audit_tree_nodes', 'audit_tree_size', 'audit_checkpoints',
                             'audit_frames'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT '
                       || 'EXECUTE FUNCTION audit_refuse_change()', t || '_no_truncate', t);
        EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER %I', t, t || '_no_truncate');
    END LOOP;
    CREATE TRIGGER audit_tree_size_only_grows BEFORE UPDATE OR DELETE ON audit_tree_size FOR EACH ROW
        EXECUTE FUNCTION audit_size_only_grows();
    ALTER TABLE audit_tree_size ENABLE ALWAYS TRIGGER audit_tree_size_only_grows;
END $$;
