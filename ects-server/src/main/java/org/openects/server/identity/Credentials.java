package org.openects.server.identity;

/**
 * Whether the credential a request came with (UI session or bearer token) is still good, for responses that outlive
 * their request's authentication check, such as event streams.
 */
public interface Credentials {

    /** A credential that can be checked again later, from any thread. */
    interface Credential {

        /**
         * Whether it still authenticates its account: the session exists and has not timed out, or the token has not
         * expired; and the account is enabled and still has the security version the credential was issued under.
         * Reads the database.
         */
        boolean isValid();
    }

    /**
     * The credential of the current request.
     *
     * @throws IllegalStateException outside an authenticated request
     */
    Credential ofCurrentRequest();
}
