package org.openects.server.identity;

/**
 * One demo login, for the demo banner.
 *
 * @param username the account name
 * @param password its fixed, published demo password
 * @param role its single role
 * @param organisationName its organisation's name
 * @param organisationId its organisation's id
 */
public record DemoAccount(String username, String password, Role role, String organisationName, long organisationId) {}
