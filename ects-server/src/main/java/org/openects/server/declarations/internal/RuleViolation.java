package org.openects.server.declarations.internal;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A declaration or seal request refused by one or more rules. {@link DeclarationProblems} answers it as a problem
 * detail whose {@code errors} name each field and rule, and whose {@code rule} is the first one's; thrown before
 * anything is stored, or inside the storing transaction, which it rolls back.
 */
class RuleViolation extends RuntimeException {

    private final HttpStatus status;
    private final List<RuleProblem> problems;
    private final Map<String, Object> properties;

    RuleViolation(HttpStatus status, List<RuleProblem> problems, Map<String, Object> properties) {
        super(
                problems.isEmpty()
                        ? "refused"
                        : problems.getFirst().field() + ": "
                                + problems.getFirst().message());
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rule violation names at least one rule");
        }
        this.status = status;
        this.problems = List.copyOf(problems);
        this.properties = Map.copyOf(properties);
    }

    /** A 400: the request's fields break these rules. */
    static RuleViolation invalid(List<RuleProblem> problems) {
        return new RuleViolation(HttpStatus.BAD_REQUEST, problems, Map.of());
    }

    /** A 400: one field breaks one rule. */
    static RuleViolation invalid(String field, String rule, String message) {
        return invalid(List.of(new RuleProblem(field, rule, message)));
    }

    /** A 409: the request conflicts with what is stored (a duplicate, an expired declaration, a request open). */
    static RuleViolation conflict(String field, String rule, String message) {
        return new RuleViolation(HttpStatus.CONFLICT, List.of(new RuleProblem(field, rule, message)), Map.of());
    }

    /** A 409 with further members in the problem detail (the stock counts, say). */
    static RuleViolation conflict(String field, String rule, String message, Map<String, Object> properties) {
        return new RuleViolation(HttpStatus.CONFLICT, List.of(new RuleProblem(field, rule, message)), properties);
    }

    HttpStatus status() {
        return status;
    }

    List<RuleProblem> problems() {
        return problems;
    }

    Map<String, Object> properties() {
        return properties;
    }
}
