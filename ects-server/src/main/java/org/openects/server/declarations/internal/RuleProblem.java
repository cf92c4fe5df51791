package org.openects.server.declarations.internal;

/**
 * One broken rule of a declaration or seal request, as listed in the {@code errors} array of the problem detail.
 *
 * @param field the request field, such as {@code reference} or {@code transitOffices[1]}
 * @param rule the stable rule code, such as {@code mrn.check-character} or {@code seal-request.stock}
 * @param message what is wrong, for people
 */
record RuleProblem(String field, String rule, String message) {}
