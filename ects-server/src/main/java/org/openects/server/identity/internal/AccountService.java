package org.openects.server.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.Role;
import org.openects.server.shared.ConflictException;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates accounts under the account rules and the password policy. */
@Service
class AccountService implements Accounts {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final AccountRepository accounts;
    private final JdbcOrganisations organisations;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    AccountService(
            AccountRepository accounts,
            JdbcOrganisations organisations,
            PasswordEncoder passwordEncoder,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
        this.accounts = accounts;
        this.organisations = organisations;
        this.passwordEncoder = passwordEncoder;
    }

    @Override
    public long ensureUser(String username, String password, long organisationId, Set<Role> roles) {
        Optional<Long> existing = accounts.idOf(username);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return create(username, password, organisationId, roles, JdbcOrganisations.SYSTEM);
        } catch (InvalidFieldException e) {
            throw new IllegalArgumentException("Account '" + username + "': " + e.getMessage(), e);
        } catch (ConflictException raced) {
            return accounts.idOf(username).orElseThrow();
        }
    }

    /**
     * Creates an account.
     *
     * @return its id
     * @throws InvalidFieldException naming the fields that break a rule
     * @throws ConflictException if the username is taken
     */
    long create(String username, String password, long organisationId, Set<Role> roles, String createdBy) {
        List<FieldProblem> problems = new ArrayList<>();
        AccountRules.usernameViolation(username)
                .ifPresent(violation -> problems.add(new FieldProblem("username", violation)));
        PasswordPolicy.violation(username, password)
                .ifPresent(violation -> problems.add(new FieldProblem("password", violation)));
        Optional<Organisation> organisation = organisations.find(organisationId);
        if (organisation.isEmpty()) {
            problems.add(new FieldProblem("organisationId", "must be the id of an existing organisation"));
        } else {
            AccountRules.rolesViolation(roles, organisation.get().type())
                    .ifPresent(violation -> problems.add(new FieldProblem("roles", violation)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        String hash = passwordEncoder.encode(password);
        try {
            // the account and its audit entry commit together
            long id = transactions.execute(status -> {
                long created = accounts.insert(username, hash, organisationId, roles, createdBy);
                audit.record(AuditEvent.now(
                        AuditEvent.user(createdBy),
                        "account.created",
                        "account",
                        username,
                        Map.of(
                                "organisation",
                                Long.toString(organisationId),
                                "roles",
                                new TreeSet<>(roles).toString())));
                return created;
            });
            log.info(
                    "Account '{}' created in organisation {} with roles {} by {}",
                    username,
                    organisationId,
                    roles,
                    createdBy);
            return id;
        } catch (DuplicateKeyException e) {
            throw new ConflictException("An account named '" + username + "' already exists.");
        }
    }

    /**
     * Replaces an account's roles; its sessions and tokens end (they carry the old roles).
     *
     * @throws NotFoundException if there is no such account
     * @throws InvalidFieldException if the roles do not suit its organisation
     * @throws ConflictException if an administrator would take ADMIN from their own account
     */
    void changeRoles(long id, Set<Role> roles, String admin) {
        UserView user = accounts.view(id).orElseThrow(() -> new NotFoundException("No user " + id + "."));
        AccountRules.rolesViolation(roles, user.organisationType()).ifPresent(violation -> {
            throw new InvalidFieldException(List.of(new FieldProblem("roles", violation)));
        });
        if (user.username().equals(admin) && !roles.contains(Role.ADMIN)) {
            throw new ConflictException("An administrator cannot take the ADMIN role from their own account.");
        }
        transactions.executeWithoutResult(status -> {
            accounts.setRoles(id, roles);
            audit.record(AuditEvent.now(
                    AuditEvent.user(admin),
                    "account.roles-changed",
                    "account",
                    user.username(),
                    Map.of("from", new TreeSet<>(user.roles()).toString(), "to", new TreeSet<>(roles).toString())));
        });
        log.info(
                "Roles of account '{}' changed to {} by {}; its sessions and tokens ended",
                user.username(),
                roles,
                admin);
    }

    /**
     * Enables or disables an account; either way its sessions and tokens end.
     *
     * @throws NotFoundException if there is no such account
     * @throws ConflictException if an administrator would disable their own account
     */
    void setEnabled(long id, boolean enabled, String admin) {
        UserView user = accounts.view(id).orElseThrow(() -> new NotFoundException("No user " + id + "."));
        if (!enabled && user.username().equals(admin)) {
            throw new ConflictException("An administrator cannot disable their own account.");
        }
        transactions.executeWithoutResult(status -> {
            accounts.setEnabled(id, enabled);
            audit.record(AuditEvent.now(
                    AuditEvent.user(admin),
                    enabled ? "account.enabled" : "account.disabled",
                    "account",
                    user.username(),
                    Map.of()));
        });
        log.warn("Account '{}' {} by {}", user.username(), enabled ? "enabled" : "disabled", admin);
    }

    /**
     * Lifts an account's lock and forgets its failed logins.
     *
     * @throws NotFoundException if there is no such account
     */
    void unlock(long id, String admin) {
        UserView user = accounts.view(id).orElseThrow(() -> new NotFoundException("No user " + id + "."));
        transactions.executeWithoutResult(status -> {
            accounts.unlock(id);
            audit.record(AuditEvent.now(
                    AuditEvent.user(admin),
                    "account.unlocked",
                    "account",
                    user.username(),
                    Map.of("wasLockedUntil", String.valueOf(user.lockedUntil()))));
        });
        log.warn("Account '{}' unlocked by {}", user.username(), admin);
    }

    /**
     * Ends every session and bearer token of an account (they must log in again).
     *
     * @throws NotFoundException if there is no such account
     */
    void endSessions(long id, String admin) {
        UserView user = accounts.view(id).orElseThrow(() -> new NotFoundException("No user " + id + "."));
        transactions.executeWithoutResult(status -> {
            accounts.incrementSecurityVersion(id);
            audit.record(AuditEvent.now(
                    AuditEvent.user(admin), "account.sessions-ended", "account", user.username(), Map.of()));
        });
        log.warn("Every session and token of account '{}' ended by {}", user.username(), admin);
    }

    /**
     * Disables those of these accounts that exist and are enabled (the published demo accounts at a start without the
     * demo mode), each logged at WARN and audited.
     *
     * @return the usernames it disabled
     */
    @Override
    public List<String> disable(List<String> usernames, String reason) {
        return switchEnabled(usernames, false, reason);
    }

    @Override
    public List<String> enable(List<String> usernames, String reason) {
        return switchEnabled(usernames, true, reason);
    }

    private List<String> switchEnabled(List<String> usernames, boolean enable, String reason) {
        List<String> changed = transactions.execute(status -> {
            List<String> switched = enable ? accounts.enableDisabled(usernames) : accounts.disableEnabled(usernames);
            for (String username : switched) {
                audit.record(AuditEvent.now(
                        AuditEvent.system("identity"),
                        enable ? "account.enabled" : "account.disabled",
                        "account",
                        username,
                        Map.of("reason", reason)));
            }
            return switched;
        });
        List<String> result = changed == null ? List.of() : changed;
        for (String username : result) {
            log.warn("Account '{}' {}: {}", username, enable ? "enabled" : "disabled", reason);
        }
        return result;
    }
}
