package org.openects.server.identity.internal;

import java.security.SecureRandom;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Creates the first administrator, {@code admin} in organisation "Customs Administration", when there is no account of
 * that name; before the server accepts requests. Its password is {@code ects.identity.admin-password}
 * ({@code ECTS_ADMIN_PASSWORD}); if that is unset it is generated and logged once, except under the {@code production}
 * profile, where startup fails instead. Once the account exists nothing here touches it: changing
 * {@code ECTS_ADMIN_PASSWORD} later does not reset its password.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    static final String ADMIN = "admin";
    static final String ADMIN_ORGANISATION = "Customs Administration";
    static final String PRODUCTION_PROFILE = "production";

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** Where the first administrator's password comes from. */
    record AdminPassword(String password, boolean generated) {}

    private final AccountRepository accounts;
    private final AccountService accountService;
    private final JdbcOrganisations organisations;
    private final IdentityProperties properties;
    private final Environment environment;

    AdminBootstrap(
            AccountRepository accounts,
            AccountService accountService,
            JdbcOrganisations organisations,
            IdentityProperties properties,
            Environment environment) {
        this.accounts = accounts;
        this.accountService = accountService;
        this.organisations = organisations;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (accounts.idOf(ADMIN).isPresent()) {
            String configured = properties.adminPassword();
            if (configured != null && !configured.isBlank()) {
                // Someone set it expecting an effect: say why there is none, without saying the password.
                log.warn(
                        "Administrator '{}' already exists in this database: ECTS_ADMIN_PASSWORD is only used when the"
                                + " account is created; change the password in the UI or through the API",
                        ADMIN);
            }
            return;
        }
        AdminPassword password = choose(
                properties.adminPassword(),
                environment.matchesProfiles(PRODUCTION_PROFILE),
                AdminBootstrap::generatePassword);
        PasswordPolicy.violation(ADMIN, password.password()).ifPresent(violation -> {
            throw new IllegalStateException("ECTS_ADMIN_PASSWORD (ects.identity.admin-password) " + violation);
        });
        long organisation = organisations.ensure(ADMIN_ORGANISATION, OrganisationType.CUSTOMS);
        accountService.ensureUser(ADMIN, password.password(), organisation, Set.of(Role.ADMIN));
        if (password.generated()) {
            log.warn("""

                    ==========================================================================
                      OpenECTS created the first administrator account.

                        username: {}
                        password: {}

                      This password is shown ONCE, now, and never again: it is stored only as
                      a hash. Keep it somewhere safe, or set ECTS_ADMIN_PASSWORD before the
                      first start to choose it yourself.
                    ==========================================================================""", ADMIN, password.password());
        } else {
            log.info("Created the first administrator '{}' with the password from ECTS_ADMIN_PASSWORD", ADMIN);
        }
    }

    /**
     * The configured password if there is one; otherwise a generated one, unless running in production.
     *
     * @throws IllegalStateException in production without a configured password
     */
    static AdminPassword choose(@Nullable String configured, boolean production, Supplier<String> generator) {
        if (configured != null && !configured.isBlank()) {
            return new AdminPassword(configured, false);
        }
        if (production) {
            throw new IllegalStateException("No administrator account exists and no password is configured for it:"
                    + " set ECTS_ADMIN_PASSWORD (at least " + PasswordPolicy.MIN_LENGTH
                    + " characters) for the first start of a production installation.");
        }
        return new AdminPassword(generator.get(), true);
    }

    /** 20 random characters (about 115 bits) in groups of five, without look-alike characters. */
    static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
