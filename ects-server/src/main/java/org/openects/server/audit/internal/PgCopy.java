package org.openects.server.audit.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for one PostgreSQL {@code COPY ... FROM STDIN (FORMAT binary)}: the audit writer's batches go in this way on
 * PostgreSQL, several times faster than multi-row {@code INSERT}s (no SQL to parse, no text to convert). Joins the
 * current transaction like any other statement of the {@link JdbcTemplate}. Not thread-safe; one per statement. (A
 * {@code ByteArrayOutputStream} does not fail: the {@link UncheckedIOException}s cannot happen.)
 */
final class PgCopy {

    /** Seconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final String table;
    private final String columns;
    private final short width;
    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;
    private int rows;

    /**
     * @param table the table
     * @param columns its columns, comma-separated, in the order each row gives them
     * @param expectedRows with {@code rowBytes}, to size the buffer
     * @param rowBytes the expected size of a row
     */
    PgCopy(String table, String columns, int expectedRows, int rowBytes) {
        this.table = table;
        this.columns = columns;
        this.width = (short) columns.split(",").length;
        this.bytes = new ByteArrayOutputStream(64 + expectedRows * rowBytes);
        this.out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the template's database is PostgreSQL (its connections unwrap to the driver's). */
    static boolean supported(JdbcTemplate jdbc) {
        Boolean postgres = jdbc.execute((ConnectionCallback<Boolean>) c -> c.isWrapperFor(PGConnection.class));
        return Boolean.TRUE.equals(postgres);
    }

    /** Starts the next row. */
    PgCopy row() {
        rows++;
        try {
            out.writeShort(width);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    PgCopy bigint(long value) {
        try {
            out.writeInt(8);
            out.writeLong(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    PgCopy integer(int value) {
        try {
            out.writeInt(4);
            out.writeInt(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    PgCopy bytea(byte[] value) {
        try {
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    PgCopy text(String value) {
        return bytea(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code timestamp with time zone}, to the microsecond. */
    PgCopy timestamp(Instant value) {
        return bigint(Math.addExact(
                Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L), value.getNano() / 1_000));
    }

    PgCopy nullValue() {
        try {
            out.writeInt(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sends the rows; returns how many the database took. */
    long execute(JdbcTemplate jdbc) {
        if (rows == 0) {
            return 0;
        }
        try {
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)";
        Long copied = jdbc.execute((ConnectionCallback<Long>) connection -> copy(connection, sql));
        return copied == null ? 0 : copied;
    }

    private long copy(Connection connection, String sql) throws SQLException {
        try {
            return connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(sql, new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }
}
