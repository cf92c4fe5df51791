-- The audit writer's own role (docs/operations.md, "The audit writer's own database role"). The application records
-- audit events into audit_outbox; the writer (the platform's audit thread, on its own connection when
-- ects.audit.datasource.* is set) appends them to the log. ects_audit_writer may read the log, append to it, grow the
-- tree size and empty the outbox: nothing else. The application role loses UPDATE, DELETE and TRUNCATE on the log's
-- tables (the triggers of V8 refuse those too; privileges refuse them before any trigger runs).

-- 1. The role, once per cluster; a race or a missing CREATEROLE privilege is tolerated (an operator creates it then).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ects_audit_writer') THEN
        CREATE ROLE ects_audit_writer NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role ects_audit_writer (needs CREATEROLE): create it as docs/operations.md says';
END $$;

-- 2. What the writer may do, and what the application may no longer do.
DO $$
DECLARE
    app text := current_user;
    checkpoint_ids text := pg_get_serial_sequence('audit_checkpoints', 'id');
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ects_audit_writer') THEN
        BEGIN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO ects_audit_writer', current_schema());
            EXECUTE 'GRANT SELECT, INSERT ON audit_entries, audit_tree_nodes, audit_checkpoints, audit_frames '
                    || 'TO ects_audit_writer';
            EXECUTE 'GRANT SELECT, UPDATE (size) ON audit_tree_size TO ects_audit_writer';
            EXECUTE 'GRANT SELECT, DELETE ON audit_outbox TO ects_audit_writer';
            IF checkpoint_ids IS NOT NULL THEN
                EXECUTE format('GRANT USAGE ON SEQUENCE %s TO ects_audit_writer', checkpoint_ids);
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'cannot grant ects_audit_writer its rights on the audit tables (% may not): see '
                         'docs/operations.md', app;
        END;
    END IF;
    BEGIN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, audit_tree_nodes, audit_checkpoints, '
                       || 'audit_frames FROM %I', app);
        EXECUTE format('REVOKE DELETE, TRUNCATE ON audit_tree_size FROM %I', app);
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot revoke UPDATE and DELETE on the audit tables from %', app;
    END;
END $$;
