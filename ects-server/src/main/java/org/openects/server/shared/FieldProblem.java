package org.openects.server.shared;

/**
 * One invalid field of a request, as listed in the {@code errors} array of a {@link ProblemTypes#VALIDATION} problem.
 *
 * @param field the field's path in the request, e.g. {@code password} or {@code roles[0]}
 * @param message what is wrong with it, for people
 */
public record FieldProblem(String field, String message) {}
