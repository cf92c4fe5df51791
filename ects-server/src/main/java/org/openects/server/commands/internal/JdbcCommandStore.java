package org.openects.server.commands.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The commands and each device's downlink counter on the database. Status changes are conditional on the status they
 * leave, so that an acknowledgement, the sweep and a delivery report never overwrite each other's outcome.
 */
@Repository
class JdbcCommandStore {

    /** The most commands a history lists, newest first. */
    static final int HISTORY_LIMIT = 500;

    private static final String OPEN = "('PENDING', 'SENT')";

    private final JdbcClient jdbc;

    JdbcCommandStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Makes sure the device has a counter row; call outside the transaction that takes the next counter, since a
     * concurrent first command may insert it first.
     */
    void ensureCounter(String deviceId) {
        try {
            jdbc.sql("""
                            INSERT INTO device_command_counters (device_id, last_counter)
                            SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM device_command_counters WHERE device_id = ?)""").params(deviceId, deviceId).update();
        } catch (DuplicateKeyException e) {
            // inserted meanwhile by another request: fine
        }
    }

    /** The device's next downlink counter; its row stays locked until the caller's transaction ends. */
    long nextCounter(String deviceId) {
        int updated = jdbc.sql("UPDATE device_command_counters SET last_counter = last_counter + 1 WHERE device_id = ?")
                .param(deviceId)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("no command counter for device " + deviceId);
        }
        return jdbc.sql("SELECT last_counter FROM device_command_counters WHERE device_id = ?")
                .param(deviceId)
                .query(Long.class)
                .single();
    }

    Command insert(
            String deviceId,
            long counter,
            CommandOp op,
            @Nullable Long intervalSeconds,
            @Nullable String authorisation,
            @Nullable Long authorisationCode,
            byte @Nullable [] wrappedKey,
            Instant issuedAt,
            Instant validUntil,
            String requestedBy) {
        jdbc.sql("""
                        INSERT INTO device_commands (device_id, counter, op, interval_seconds, authorisation,
                            authorisation_code, wrapped_key, issued_at, valid_until, requested_by, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')""")
                .params(
                        deviceId,
                        counter,
                        op.name(),
                        intervalSeconds,
                        authorisation,
                        authorisationCode,
                        wrappedKey,
                        Timestamp.from(issuedAt),
                        Timestamp.from(validUntil),
                        requestedBy)
                .update();
        return find(deviceId, counter).orElseThrow();
    }

    Optional<Command> find(String deviceId, long counter) {
        return jdbc.sql("SELECT * FROM device_commands WHERE device_id = ? AND counter = ?")
                .params(deviceId, counter)
                .query(JdbcCommandStore::command)
                .optional();
    }

    /** The device's commands, newest first, at most {@link #HISTORY_LIMIT}; without unlocks when asked. */
    List<Command> history(String deviceId, boolean withUnlocks) {
        return jdbc.sql("SELECT * FROM device_commands WHERE device_id = ?"
                        + (withUnlocks ? "" : " AND op <> 'UNLOCK'")
                        + " ORDER BY counter DESC LIMIT " + HISTORY_LIMIT)
                .param(deviceId)
                .query(JdbcCommandStore::command)
                .list();
    }

    /**
     * Records that the broker or the connection took the command, with a remark on the message sent (or none); a
     * command already answered keeps its status.
     */
    void sent(long id, String transport, String encoding, Instant at, @Nullable String remark) {
        jdbc.sql("""
                        UPDATE device_commands SET transport = ?, message_encoding = ?, sent_at = ?, detail = ?,
                            status = CASE WHEN status = 'PENDING' THEN 'SENT' ELSE status END
                        WHERE id = ?""")
                .params(transport, encoding, Timestamp.from(at), remark, id)
                .update();
    }

    /**
     * The device's newest command of {@code op} whose counter is {@code serial} modulo 65,536: the command a JT/T 808
     * terminal's answer to that serial is for.
     */
    Optional<Command> findBySerial(String deviceId, CommandOp op, int serial) {
        return jdbc.sql("""
                        SELECT * FROM device_commands WHERE device_id = ? AND op = ? AND MOD(counter, 65536) = ?
                        ORDER BY counter DESC LIMIT 1""")
                .params(deviceId, op.name(), serial)
                .query(JdbcCommandStore::command)
                .optional();
    }

    /** The device's pending commands still valid at {@code now}, oldest first. */
    List<Command> pending(String deviceId, Instant now) {
        return jdbc.sql("""
                        SELECT * FROM device_commands
                        WHERE device_id = ? AND status = 'PENDING' AND valid_until > ? ORDER BY id""")
                .params(deviceId, Timestamp.from(now))
                .query(JdbcCommandStore::command)
                .list();
    }

    /** Notes why a pending command could not be sent yet. */
    void notSent(long id, String detail) {
        jdbc.sql("UPDATE device_commands SET detail = ? WHERE id = ? AND status = 'PENDING'")
                .params(detail.length() > 512 ? detail.substring(0, 512) : detail, id)
                .update();
    }

    /**
     * Records the device's answer, unless the command was answered before (a redelivered acknowledgement); a timed-out
     * command still takes a late answer. True when recorded.
     */
    boolean acknowledged(long id, CommandStatus status, Instant receivedAt, Instant deviceTime, long rawMessageId) {
        return jdbc.sql("""
                        UPDATE device_commands SET status = ?, acknowledged_at = ?, device_time = ?,
                            ack_raw_message_id = ?
                        WHERE id = ? AND status IN ('PENDING', 'SENT', 'TIMED_OUT')""")
                        .params(status.name(), Timestamp.from(receivedAt), Timestamp.from(deviceTime), rawMessageId, id)
                        .update()
                == 1;
    }

    /** Open commands whose validity ended before {@code cutoff}. */
    List<Command> overdue(Instant cutoff) {
        return jdbc.sql("SELECT * FROM device_commands WHERE status IN " + OPEN + " AND valid_until < ? ORDER BY id")
                .param(Timestamp.from(cutoff))
                .query(JdbcCommandStore::command)
                .list();
    }

    /** Times the command out if it is still open; true when it did. */
    boolean timedOut(long id) {
        return jdbc.sql("UPDATE device_commands SET status = 'TIMED_OUT' WHERE id = ? AND status IN " + OPEN)
                        .param(id)
                        .update()
                == 1;
    }

    /** Pending commands issued before {@code issuedBefore} and still valid at {@code now}: to be sent again. */
    List<Command> unsent(Instant issuedBefore, Instant now) {
        return jdbc.sql("""
                        SELECT * FROM device_commands
                        WHERE status = 'PENDING' AND issued_at < ? AND valid_until > ? ORDER BY id""")
                .params(Timestamp.from(issuedBefore), Timestamp.from(now))
                .query(JdbcCommandStore::command)
                .list();
    }

    private static Command command(ResultSet rs, int row) throws SQLException {
        return new Command(
                rs.getLong("id"),
                rs.getString("device_id"),
                rs.getLong("counter"),
                CommandOp.valueOf(rs.getString("op")),
                nullableLong(rs, "interval_seconds"),
                rs.getString("authorisation"),
                nullableLong(rs, "authorisation_code"),
                rs.getBytes("wrapped_key"),
                rs.getTimestamp("issued_at").toInstant(),
                rs.getTimestamp("valid_until").toInstant(),
                rs.getString("requested_by"),
                CommandStatus.valueOf(rs.getString("status")),
                rs.getString("transport"),
                rs.getString("message_encoding"),
                instant(rs.getTimestamp("sent_at")),
                instant(rs.getTimestamp("acknowledged_at")),
                instant(rs.getTimestamp("device_time")),
                nullableLong(rs, "ack_raw_message_id"),
                rs.getString("detail"));
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
