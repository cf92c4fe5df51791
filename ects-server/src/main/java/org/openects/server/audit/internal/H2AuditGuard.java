package org.openects.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.Trigger;

/**
 * The single-box database's guard on the audit log tables, as PostgreSQL's triggers of migration V8: H2 calls it
 * (migration V32, {@code CREATE TRIGGER … CALL}) before every UPDATE and DELETE of a row of {@code audit_entries},
 * {@code audit_tree_nodes}, {@code audit_checkpoints}, {@code audit_frames} and {@code audit_tree_size}, and it refuses
 * them all, except an update that makes the tree size grow. Like PostgreSQL's, it keeps mistakes and ordinary SQL out;
 * whoever may drop triggers can still edit rows, which the signed checkpoints and {@code ./ects audit fsck} detect.
 */
public final class H2AuditGuard implements Trigger {

    /** The table whose one row counts the log's leaves: it may grow, nothing else. */
    static final String SIZE_TABLE = "audit_tree_size";

    private String table = "";
    private int type;

    /** Called by H2 when the trigger is created or the database opened. */
    public H2AuditGuard() {}

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type) {
        this.table = table.toLowerCase(Locale.ROOT);
        this.type = type;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        boolean update = newRow != null && oldRow != null;
        if (update && table.equals(SIZE_TABLE) && grows(oldRow, newRow)) {
            return;
        }
        String operation = update ? "UPDATE" : newRow == null ? "DELETE" : "INSERT";
        if (operation.equals("INSERT") && (type & Trigger.INSERT) == 0) {
            return;
        }
        throw new SQLException(
                table.equals(SIZE_TABLE)
                        ? "the audit tree size only grows: " + operation + " on " + table + " refused"
                        : "the audit log is append-only: " + operation + " on " + table + " refused",
                "42501");
    }

    /** An update of the size row that keeps its id and does not shrink it (columns: id, size). */
    private static boolean grows(Object[] oldRow, Object[] newRow) {
        return oldRow.length >= 2
                && newRow.length >= 2
                && oldRow[0] != null
                && oldRow[0].equals(newRow[0])
                && oldRow[1] instanceof Number before
                && newRow[1] instanceof Number after
                && after.longValue() >= before.longValue();
    }
}
