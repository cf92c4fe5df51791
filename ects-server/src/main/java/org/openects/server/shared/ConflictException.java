package org.openects.server.shared;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown when a request conflicts with what is stored (a unique name already taken, a state that does not allow the
 * request); rendered as a 409 {@link ProblemTypes#CONFLICT} problem, with the exception's {@link #properties()} as
 * extension members of the problem.
 */
public class ConflictException extends RuntimeException {

    private final Map<String, Object> properties;

    public ConflictException(String detail) {
        this(detail, Map.of());
    }

    /**
     * @param properties extension members of the problem (RFC 9457, section 3.2), in order: names and JSON-writable
     *     values
     */
    public ConflictException(String detail, Map<String, ?> properties) {
        super(detail);
        this.properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The problem's extension members; empty for a plain conflict. */
    public Map<String, Object> properties() {
        return properties;
    }
}
