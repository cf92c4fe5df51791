package org.openects.server.support;

/** Credentials the integration tests configure. */
public final class TestAccounts {

    public static final String ADMIN_PASSWORD = "test-admin-Pa55word!";

    private TestAccounts() {}
}
