package org.openects.server.shared;

/** Thrown when the addressed resource does not exist; rendered as a 404 {@link ProblemTypes#NOT_FOUND} problem. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
