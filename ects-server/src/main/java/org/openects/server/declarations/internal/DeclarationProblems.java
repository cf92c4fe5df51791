package org.openects.server.declarations.internal;

import org.openects.server.shared.ProblemTypes;
import org.openects.server.shared.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link RuleViolation} of the declarations and seal request APIs as an RFC 9457 problem: a 400 {@code
 * validation} or a 409 {@code conflict} problem with {@code errors} ({@code field}, {@code rule}, {@code message} each)
 * and {@code rule}, the first error's rule code. Runs before the shared advice.
 */
@RestControllerAdvice(assignableTypes = {DeclarationController.class, SealRequestController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class DeclarationProblems {

    @ExceptionHandler(RuleViolation.class)
    ProblemDetail violation(RuleViolation e) {
        RuleProblem first = e.problems().getFirst();
        String detail = e.problems().size() == 1
                ? "Field '" + first.field() + "' " + first.message() + " (rule " + first.rule() + ")."
                : e.problems().size() + " fields are invalid; the first: '" + first.field() + "' " + first.message()
                        + " (rule " + first.rule() + ").";
        ProblemDetail problem = e.status() == HttpStatus.CONFLICT
                ? Problems.of(e.status(), ProblemTypes.CONFLICT, "Conflict", detail)
                : Problems.of(e.status(), ProblemTypes.VALIDATION, "The request has invalid fields", detail);
        problem.setProperty("rule", first.rule());
        problem.setProperty(Problems.ERRORS, e.problems());
        e.properties().forEach(problem::setProperty);
        return problem;
    }
}
