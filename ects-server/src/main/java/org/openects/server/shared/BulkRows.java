package org.openects.server.shared;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for one table, inserted in bulk in the caller's transaction: on PostgreSQL with {@code COPY ... FROM STDIN} in
 * the binary format (one round trip, no statement per row, no SQL parsing: several times cheaper for the database than
 * batched INSERTs), elsewhere (H2, single-box mode) as a JDBC batch of INSERTs. The hot path's archive and report
 * writes use it.
 *
 * <p>Columns are typed when the rows are built: {@link #bigint}, {@link #int4}, {@link #float8}, {@link #bool},
 * {@link #text}, {@link #bytea}, {@link #timestamptz}; each row gives every column in the order of the column list.
 * Not thread-safe: one instance per batch.
 */
public final class BulkRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L; // 2000-01-01T00:00:00Z

    private final boolean binary;
    private final String table;
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();
    private byte[] buffer = new byte[8192];
    private int length;
    private @Nullable Object[] current;
    private boolean inRow;
    private int column;
    private int rowCount;

    /**
     * Rows for {@code table (columns...)}.
     *
     * @param postgres whether the rows go to PostgreSQL ({@link #isPostgres}): COPY, else a batch of INSERTs
     */
    public BulkRows(boolean postgres, String table, String... columns) {
        this.binary = postgres;
        this.table = table;
        this.columns = List.of(columns);
        if (binary) {
            writeBytes(SIGNATURE);
            writeInt(0); // flags
            writeInt(0); // header extension length
        }
    }

    /** Whether {@code jdbc} talks to PostgreSQL (ask once, at start-up). */
    public static boolean isPostgres(JdbcTemplate jdbc) {
        Boolean postgres =
                jdbc.execute((ConnectionCallback<Boolean>) connection -> connection.isWrapperFor(PGConnection.class));
        return Boolean.TRUE.equals(postgres);
    }

    /** Starts the next row. */
    public BulkRows row() {
        finishRow();
        current = binary ? null : new Object[columns.size()];
        inRow = true;
        column = 0;
        writeShort(columns.size());
        return this;
    }

    public BulkRows bigint(@Nullable Long value) {
        if (value == null) {
            return nul();
        }
        put(value);
        writeInt(8);
        writeLong(value);
        return this;
    }

    public BulkRows bigint(long value) {
        return bigint(Long.valueOf(value));
    }

    public BulkRows int4(@Nullable Integer value) {
        if (value == null) {
            return nul();
        }
        put(value);
        writeInt(4);
        writeInt(value);
        return this;
    }

    public BulkRows int4(int value) {
        return int4(Integer.valueOf(value));
    }

    public BulkRows float8(@Nullable Double value) {
        if (value == null) {
            return nul();
        }
        put(value);
        writeInt(8);
        writeLong(Double.doubleToRawLongBits(value));
        return this;
    }

    public BulkRows bool(boolean value) {
        put(value);
        writeInt(1);
        if (binary) {
            ensure(1);
            buffer[length++] = (byte) (value ? 1 : 0);
        }
        return this;
    }

    public BulkRows text(@Nullable String value) {
        if (value == null) {
            return nul();
        }
        put(value);
        if (binary) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            writeBytes(utf8);
        }
        return this;
    }

    public BulkRows bytea(byte @Nullable [] value) {
        if (value == null) {
            return nul();
        }
        put(value);
        writeInt(value.length);
        writeBytes(value);
        return this;
    }

    public BulkRows timestamptz(@Nullable Instant value) {
        if (value == null) {
            return nul();
        }
        // PostgreSQL keeps microseconds; the INSERT path truncates the same way, so both databases store one value.
        put(binary ? null : Timestamp.from(value.truncatedTo(ChronoUnit.MICROS)));
        writeInt(8);
        writeLong(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000)
                - POSTGRES_EPOCH_MICROS);
        return this;
    }

    /** How many rows so far. */
    public int size() {
        return rowCount + (inRow ? 1 : 0);
    }

    /**
     * Inserts the rows through {@code jdbc}, in the transaction the calling thread is in (if any).
     *
     * @return the number of rows inserted
     */
    public int insert(JdbcTemplate jdbc) {
        finishRow();
        if (rowCount == 0) {
            return 0;
        }
        if (binary) {
            Integer copied = jdbc.execute((ConnectionCallback<Integer>) this::copy);
            return copied == null ? 0 : copied;
        }
        String placeholders = String.join(", ", Collections.nCopies(columns.size(), "?"));
        int[] counts = jdbc.batchUpdate(
                "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ")", rows);
        return Arrays.stream(counts).map(c -> c < 0 ? 1 : c).sum();
    }

    private int copy(Connection connection) throws SQLException {
        writeShort(-1); // trailer
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)";
        try {
            long copied = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(sql, new ByteArrayInputStream(buffer, 0, length), 65536);
            return Math.toIntExact(copied);
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        } finally {
            length -= 2; // the trailer, so that a retry of insert() writes it once
        }
    }

    private BulkRows nul() {
        put(null);
        writeInt(-1);
        return this;
    }

    private void put(@Nullable Object value) {
        if (!inRow) {
            throw new IllegalStateException("row() first");
        }
        if (column >= columns.size()) {
            throw new IllegalStateException("more values than the " + columns.size() + " columns of " + table);
        }
        Object[] row = current;
        if (row != null) {
            row[column] = value;
        }
        column++;
    }

    private void finishRow() {
        if (inRow) {
            if (column != columns.size()) {
                throw new IllegalStateException(
                        "a row of " + table + " has " + column + " values for " + columns.size() + " columns");
            }
            Object[] row = current;
            if (row != null) {
                rows.add(row);
            }
            current = null;
            inRow = false;
            rowCount++;
        }
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }

    private void writeBytes(byte[] bytes) {
        if (!binary) {
            return;
        }
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void writeShort(int value) {
        if (!binary) {
            return;
        }
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void writeInt(int value) {
        if (!binary) {
            return;
        }
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }
}
