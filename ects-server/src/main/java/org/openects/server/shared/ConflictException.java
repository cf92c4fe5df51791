package org.openects.server.shared;

/**
 * Thrown when a request conflicts with what is stored (a unique name already taken); rendered as a 409
 * {@link ProblemTypes#CONFLICT} problem.
 */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
