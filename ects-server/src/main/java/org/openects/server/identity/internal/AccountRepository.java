package org.openects.server.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;

/** Stores accounts and their roles (tables {@code users} and {@code user_roles}). */
@Repository
class AccountRepository {

    private static final String SELECT_ACCOUNT = """
            SELECT u.id, u.username, u.password_hash, u.organisation_id, o.name AS organisation_name,
                   o.type AS organisation_type, u.enabled, u.failed_login_count, u.locked_until,
                   u.last_login_at, u.created_at, u.created_by, u.security_version
            FROM users u JOIN organisations o ON o.id = u.organisation_id
            """;

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    AccountRepository(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    Optional<StoredAccount> findByUsername(String username) {
        return jdbc.sql(SELECT_ACCOUNT + " WHERE u.username = :username")
                .param("username", username)
                .query((rs, row) -> storedAccount(rs))
                .optional();
    }

    Optional<Long> idOf(String username) {
        return jdbc.sql("SELECT id FROM users WHERE username = :username")
                .param("username", username)
                .query(Long.class)
                .optional();
    }

    /** Whether an account may still use its sessions and tokens, and under which security version. */
    record SecurityState(boolean enabled, long version) {

        /** Whether a session or token issued under {@code issuedVersion} is still good. */
        boolean accepts(long issuedVersion) {
            return enabled && version == issuedVersion;
        }
    }

    /** The account's security state, read on every authenticated request (session or bearer token). */
    Optional<SecurityState> securityState(String username) {
        return jdbc.sql("SELECT enabled, security_version FROM users WHERE username = :username")
                .param("username", username)
                .query((rs, row) -> new SecurityState(rs.getBoolean("enabled"), rs.getLong("security_version")))
                .optional();
    }

    /** Ends every session and token of the account: their security version is no longer its own. */
    boolean incrementSecurityVersion(long id) {
        return jdbc.sql("UPDATE users SET security_version = security_version + 1 WHERE id = :id")
                        .param("id", id)
                        .update()
                > 0;
    }

    /** Enables or disables the account and ends its sessions and tokens. */
    boolean setEnabled(long id, boolean enabled) {
        return jdbc.sql("UPDATE users SET enabled = :enabled, security_version = security_version + 1 WHERE id = :id")
                        .param("enabled", enabled)
                        .param("id", id)
                        .update()
                > 0;
    }

    /** Replaces the account's roles and ends its sessions and tokens; call it in a transaction. */
    void setRoles(long id, Set<Role> roles) {
        jdbc.sql("DELETE FROM user_roles WHERE user_id = :id").param("id", id).update();
        for (Role role : roles) {
            jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (:user, :role)")
                    .param("user", id)
                    .param("role", role.name())
                    .update();
        }
        incrementSecurityVersion(id);
    }

    /** Lifts any lock and forgets the consecutive failures. */
    boolean unlock(long id) {
        return jdbc.sql("UPDATE users SET failed_login_count = 0, locked_until = NULL WHERE id = :id")
                        .param("id", id)
                        .update()
                > 0;
    }

    /**
     * Disables those of these accounts that exist and are enabled, ending their sessions and tokens.
     *
     * @return the usernames it disabled
     */
    List<String> disableEnabled(List<String> usernames) {
        return switchEnabled(usernames, false);
    }

    /**
     * Enables those of these accounts that exist and are disabled.
     *
     * @return the usernames it enabled
     */
    List<String> enableDisabled(List<String> usernames) {
        return switchEnabled(usernames, true);
    }

    private List<String> switchEnabled(List<String> usernames, boolean enabled) {
        List<String> changed = new ArrayList<>();
        for (String username : usernames) {
            int rows = jdbc.sql("UPDATE users SET enabled = :enabled, security_version = security_version + 1"
                            + " WHERE username = :username AND enabled = :was")
                    .param("enabled", enabled)
                    .param("was", !enabled)
                    .param("username", username)
                    .update();
            if (rows > 0) {
                changed.add(username);
            }
        }
        return changed;
    }

    /** Inserts an account and its roles in one transaction; a taken username throws DuplicateKeyException. */
    long insert(String username, String passwordHash, long organisationId, Set<Role> roles, String createdBy) {
        Long id = transactions.execute(status -> {
            KeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("""
                            INSERT INTO users (username, password_hash, organisation_id, created_by)
                            VALUES (:username, :hash, :organisation, :createdBy)
                            """)
                    .param("username", username)
                    .param("hash", passwordHash)
                    .param("organisation", organisationId)
                    .param("createdBy", createdBy)
                    .update(keys, "id");
            long userId = keys.getKeyAs(Long.class);
            for (Role role : roles) {
                jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (:user, :role)")
                        .param("user", userId)
                        .param("role", role.name())
                        .update();
            }
            return userId;
        });
        return id;
    }

    /** Records a successful login: clears the failure count and any expired lock, stores an upgraded hash. */
    void recordSuccess(long id, Instant now, @Nullable String upgradedHash) {
        jdbc.sql("""
                        UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = :now
                        WHERE id = :id
                        """).param("now", timestamp(now)).param("id", id).update();
        if (upgradedHash != null) {
            jdbc.sql("UPDATE users SET password_hash = :hash WHERE id = :id")
                    .param("hash", upgradedHash)
                    .param("id", id)
                    .update();
        }
    }

    /**
     * Records a failed login. From the {@code threshold}-th consecutive failure on, each failure locks the account: for
     * {@code firstDelay}, doubled for every further consecutive failure, at most {@code maxDelay}. The count goes on
     * until a successful login or an administrator's unlock, so the delay keeps growing.
     *
     * @return the lock this failure set, if it set one
     */
    Optional<Lock> recordFailure(long id, Instant now, int threshold, Duration firstDelay, Duration maxDelay) {
        return Objects.requireNonNull(transactions.execute(status -> {
            int failures = jdbc.sql("SELECT failed_login_count FROM users WHERE id = :id FOR UPDATE")
                            .param("id", id)
                            .query(Integer.class)
                            .single()
                    + 1;
            if (failures < threshold) {
                jdbc.sql("UPDATE users SET failed_login_count = :count, last_failed_login_at = :now WHERE id = :id")
                        .param("count", failures)
                        .param("now", timestamp(now))
                        .param("id", id)
                        .update();
                return Optional.<Lock>empty();
            }
            Instant until = now.plus(lockDelay(failures - threshold, firstDelay, maxDelay));
            jdbc.sql("UPDATE users SET failed_login_count = :count, last_failed_login_at = :now, locked_until = :until"
                            + " WHERE id = :id")
                    .param("count", failures)
                    .param("now", timestamp(now))
                    .param("until", timestamp(until))
                    .param("id", id)
                    .update();
            return Optional.of(new Lock(failures, until));
        }));
    }

    /** A lock set by a failed login: after how many consecutive failures, until when. */
    record Lock(int failures, Instant until) {}

    /** {@code firstDelay} doubled {@code doublings} times, at most {@code maxDelay}. */
    static Duration lockDelay(int doublings, Duration firstDelay, Duration maxDelay) {
        Duration delay = firstDelay;
        for (int i = 0; i < doublings && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    List<UserView> all() {
        Map<Long, Set<Role>> roles = new LinkedHashMap<>();
        jdbc.sql("SELECT user_id, role FROM user_roles").query(rs -> {
            roles.computeIfAbsent(rs.getLong("user_id"), k -> EnumSet.noneOf(Role.class))
                    .add(Role.valueOf(rs.getString("role")));
        });
        return jdbc.sql(SELECT_ACCOUNT + " ORDER BY u.username")
                .query((rs, row) -> userView(rs, roles.getOrDefault(rs.getLong("id"), Set.of())))
                .list();
    }

    Optional<UserView> view(long id) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        jdbc.sql("SELECT role FROM user_roles WHERE user_id = :id")
                .param("id", id)
                .query(String.class)
                .list()
                .forEach(role -> roles.add(Role.valueOf(role)));
        return jdbc.sql(SELECT_ACCOUNT + " WHERE u.id = :id")
                .param("id", id)
                .query((rs, row) -> userView(rs, roles))
                .optional();
    }

    private static UserView userView(ResultSet rs, Set<Role> roles) throws SQLException {
        return new UserView(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getLong("organisation_id"),
                rs.getString("organisation_name"),
                OrganisationType.valueOf(rs.getString("organisation_type")),
                Set.copyOf(roles),
                rs.getBoolean("enabled"),
                instant(rs, "locked_until"),
                instant(rs, "last_login_at"),
                requireInstant(rs, "created_at"),
                rs.getString("created_by"));
    }

    private StoredAccount storedAccount(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        Set<Role> roles = jdbc
                .sql("SELECT role FROM user_roles WHERE user_id = :id")
                .param("id", id)
                .query(String.class)
                .list()
                .stream()
                .map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return new StoredAccount(
                id,
                rs.getString("username"),
                rs.getString("password_hash"),
                rs.getLong("organisation_id"),
                rs.getString("organisation_name"),
                OrganisationType.valueOf(rs.getString("organisation_type")),
                rs.getBoolean("enabled"),
                rs.getInt("failed_login_count"),
                instant(rs, "locked_until"),
                rs.getLong("security_version"),
                roles);
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant requireInstant(ResultSet rs, String column) throws SQLException {
        Instant value = instant(rs, column);
        if (value == null) {
            throw new SQLException(column + " is null");
        }
        return value;
    }
}
