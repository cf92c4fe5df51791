package org.openects.server.shared;

import java.util.List;

/**
 * Thrown by a controller or service when a request field breaks a rule that bean validation cannot express (a
 * password policy, a reference to a missing record). Rendered as a 400 {@link ProblemTypes#VALIDATION} problem.
 */
public class InvalidFieldException extends RuntimeException {

    private final List<FieldProblem> errors;

    public InvalidFieldException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public InvalidFieldException(List<FieldProblem> errors) {
        super(
                errors.isEmpty()
                        ? "invalid request"
                        : errors.getFirst().field() + ": " + errors.getFirst().message());
        this.errors = List.copyOf(errors);
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
