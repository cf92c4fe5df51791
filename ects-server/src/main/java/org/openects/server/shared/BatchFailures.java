package org.openects.server.shared;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;

/**
 * Tells why a batch write failed: because of the database or the way to it ({@link Kind#TRANSIENT}: retry the same
 * batch, quarantine nothing) or because of what one of the rows holds ({@link Kind#DATA}: the same rows fail again;
 * find the bad one). When in doubt, a failure is transient: a writer that waits is better than one that quarantines
 * good rows because of a fault that is not theirs.
 *
 * <p>Transient: {@link SQLTransientException}, {@link SQLRecoverableException}, connection failures
 * ({@link SQLNonTransientConnectionException}, an {@link IOException} underneath, {@code
 * CannotGetJdbcConnectionException} and Spring's other resource failures, a transaction that could not begin or end),
 * and SQL states of class 08 (connection), 57 (operator intervention: shutdown, cancel), 40 (rollback: serialisation,
 * deadlock) and 53 (insufficient resources), and every SQL state not listed as data. Data: SQL states of class 22 (data
 * exception: value too long, out of range, invalid text) and 23 (integrity constraint violation), and any exception
 * that is not about data access at all (a value the row building refuses, such as an instant the database's time type
 * cannot hold).
 */
public final class BatchFailures {

    /** What a failure says about the batch. */
    public enum Kind {
        /** The database or the connection to it: the same batch may pass later. */
        TRANSIENT,
        /** One or more rows: the same batch fails again. */
        DATA
    }

    private BatchFailures() {}

    /** Classifies a failure of a batch write. */
    public static Kind classify(Throwable failure) {
        String state = sqlState(failure);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof IOException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return Kind.TRANSIENT;
            }
        }
        if (state != null && state.length() >= 2) {
            return switch (state.substring(0, 2)) {
                case "22", "23" -> Kind.DATA;
                default -> Kind.TRANSIENT;
            };
        }
        if (failure instanceof DataAccessException || failure instanceof TransactionException) {
            return Kind.TRANSIENT;
        }
        return Kind.DATA;
    }

    /** The first SQL state in the failure's cause chain, or {@code null}. */
    public static @Nullable String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null) {
                        return e.getSQLState();
                    }
                }
            }
        }
        return null;
    }

    /** The most specific message in the failure's cause chain. */
    public static String message(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            deepest = t;
        }
        String message = deepest.getMessage();
        return deepest.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
