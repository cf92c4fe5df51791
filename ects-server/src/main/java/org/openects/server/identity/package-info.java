/**
 * Identity: organisations, local accounts, roles, login (session for the UI, bearer tokens for the API) and the
 * authorisation rules every other module relies on. Public: {@link org.openects.server.identity.Role},
 * {@link org.openects.server.identity.OrganisationType}, {@link org.openects.server.identity.CurrentUser} (a controller
 * parameter), {@link org.openects.server.identity.Organisations}, {@link org.openects.server.identity.Accounts},
 * {@link org.openects.server.identity.DemoAccounts}, {@link org.openects.server.identity.ClientAddresses} (the client
 * address behind trusted proxies, for throttles and rate limits), {@link org.openects.server.identity.Credentials}
 * (whether a request's session or token is still good, for event streams). A locked account is recorded in the audit
 * log ({@code account.locked}).
 */
@ApplicationModule(
        displayName = "Identity",
        allowedDependencies = {"audit", "shared"})
@NullMarked
package org.openects.server.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
