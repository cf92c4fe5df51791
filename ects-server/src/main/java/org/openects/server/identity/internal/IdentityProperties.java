package org.openects.server.identity.internal;

import java.time.Duration;
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
 * @param lockoutDuration how long a locked account stays locked
 * @param loginFailuresPerMinute failed logins accepted per client IP address per minute before logins from that
 *     address are refused with 429 for a while (successful logins do not count)
 * @param contentSecurityPolicy the Content-Security-Policy header sent with every UI and API response
 */
@ConfigurationProperties("ects.identity")
public record IdentityProperties(
        @Nullable String adminPassword,
        @Nullable String tokenSecret,
        @DefaultValue("8h") Duration tokenTtl,
        @DefaultValue("12") int passwordHashStrength,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("15m") Duration lockoutDuration,
        @DefaultValue("10") int loginFailuresPerMinute,
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
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("ects.identity.token-ttl must be positive");
        }
    }
}
