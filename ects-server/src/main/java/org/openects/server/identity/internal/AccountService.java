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
}
