-- Guards on the audit log tables on H2, as PostgreSQL's V8 (docs/operations.md, "Audit log guards"): every UPDATE and
-- DELETE of a row is refused by a Java trigger, except an update that makes the tree size grow. They keep mistakes and
-- ordinary SQL out; whoever may drop triggers can still edit rows, which the signed checkpoints and ./ects audit fsck
-- detect. The platform checks at every start that these triggers exist (AuditGuardCheck).
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE, DELETE ON audit_entries FOR EACH ROW
    CALL "org.openects.server.audit.internal.H2AuditGuard";
CREATE TRIGGER audit_tree_nodes_append_only BEFORE UPDATE, DELETE ON audit_tree_nodes FOR EACH ROW
    CALL "org.openects.server.audit.internal.H2AuditGuard";
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE, DELETE ON audit_checkpoints FOR EACH ROW
    CALL "org.openects.server.audit.internal.H2AuditGuard";
CREATE TRIGGER audit_frames_append_only BEFORE UPDATE, DELETE ON audit_frames FOR EACH ROW
    CALL "org.openects.server.audit.internal.H2AuditGuard";
CREATE TRIGGER audit_tree_size_only_grows BEFORE UPDATE, DELETE ON audit_tree_size FOR EACH ROW
    CALL "org.openects.server.audit.internal.H2AuditGuard";

-- H2 fires no trigger on TRUNCATE, but refuses to truncate a table another table refers to: this empty table refers
-- to every audit table, so TRUNCATE is refused too.
CREATE TABLE audit_truncate_guard (
    entry_sequence      BIGINT REFERENCES audit_entries (sequence),
    node_level          INTEGER,
    node_idx            BIGINT,
    size_id             INTEGER REFERENCES audit_tree_size (id),
    checkpoint_id       BIGINT REFERENCES audit_checkpoints (id),
    frame_raw_message_id BIGINT REFERENCES audit_frames (raw_message_id),
    FOREIGN KEY (node_level, node_idx) REFERENCES audit_tree_nodes (level, idx)
);
