package org.openects.server.identity.internal;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the identity module, under {@code ects.identity}.
 *
 * @param adminPassword password of the first administrator {@code admin}, used only when that account is created
 *     (env {@code ECTS_ADMIN_PASSWORD}); blank: generated and logged once, refused under the {@code production} profile
 * @param tokenSecret base64 HMAC-SHA256 key (at least 32 bytes) signing API bearer tokens (env
 *     {@code ECTS_TOKEN_SECRET}); blank: generated once into {@code ${ects.data-dir}/keys/token-secret}. Every node of a
 *     cluster needs the same one
 * @param tokenTtl lifetime of API bearer tokens
 * @param passwordHashStrength bcrypt cost factor (log2 rounds) for new password hashes, 12 or more
 * @param maxFailedLogins consecutive failed logins that lock an account
 * @param lockoutDelay how long the {@code maxFailedLogins}-th consecutive failure locks the account; each further
 *     failure (possible only once the lock has passed) doubles it
 * @param lockoutMaxDelay the longest lock, however many failures
 * @param loginFailuresPerMinute failed logins accepted per client IP address per minute before logins from that
 *     address are refused with 429 for a while (successful logins do not count)
 * @param trustedProxies addresses or CIDR ranges of the reverse proxies whose {@code X-Forwarded-For} header names the
 *     client; requests from anywhere else are attributed to their socket address, whatever they send
 * @param maxConcurrentHashes password hashes (bcrypt) computed at once; more wait up to {@code hashWait}, then are
 *     refused (503)
 * @param hashWait how long a password check waits for a free hashing slot
 * @param failedLoginAuditInterval how often failed logins are written to the audit log, one counted entry per
 *     username and client address
 * @param contentSecurityPolicy the Content-Security-Policy header sent with the UI's pages (API answers carry a fixed
 *     {@code default-src 'none'} policy of their own)
 */
@ConfigurationProperties("ects.identity")
public record IdentityProperties(
        @Nullable String adminPassword,
        @Nullable String tokenSecret,
        @DefaultValue("8h") Duration tokenTtl,
        @DefaultValue("12") int passwordHashStrength,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("1m") Duration lockoutDelay,
        @DefaultValue("1h") Duration lockoutMaxDelay,
        @DefaultValue("10") int loginFailuresPerMinute,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("4") int maxConcurrentHashes,
        @DefaultValue("500ms") Duration hashWait,
        @DefaultValue("1m") Duration failedLoginAuditInterval,
        @DefaultValue(DEFAULT_CSP) String contentSecurityPolicy) {

    static final String DEFAULT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public IdentityProperties {
        if (passwordHashStrength < 12 || passwordHashStrength > 31) {
            throw new IllegalArgumentException(
                    "ects.identity.password-hash-strength must be between 12 and 31, was " + passwordHashStrength);
        }
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException("ects.identity.max-failed-logins must be at least 1");
        }
        if (loginFailuresPerMinute < 1) {
            throw new IllegalArgumentException("ects.identity.login-failures-per-minute must be at least 1");
        }
        if (lockoutDelay.isNegative() || lockoutDelay.isZero() || lockoutMaxDelay.compareTo(lockoutDelay) < 0) {
            throw new IllegalArgumentException(
                    "ects.identity.lockout-delay must be positive and at most ects.identity.lockout-max-delay");
        }
        if (maxConcurrentHashes < 1) {
            throw new IllegalArgumentException("ects.identity.max-concurrent-hashes must be at least 1");
        }
        if (hashWait.isNegative()) {
            throw new IllegalArgumentException("ects.identity.hash-wait must not be negative");
        }
        if (failedLoginAuditInterval.isNegative() || failedLoginAuditInterval.isZero()) {
            throw new IllegalArgumentException("ects.identity.failed-login-audit-interval must be positive");
        }
        trustedProxies = List.copyOf(trustedProxies);
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("ects.identity.token-ttl must be positive");
        }
    }
}
