package org.openects.domain.customs;

/**
 * A customs reference number (an {@link Mrn} or a {@link ContainerNumber}) that breaks one of its rules.
 *
 * <p>{@link #rule()} is a stable code for the broken rule that callers may show or match on, for example
 * {@code mrn.check-character} or {@code container.category}; the message says in words what was expected (for a
 * wrong check character or digit: the computed one). The codes are listed on {@link Mrn} and {@link ContainerNumber}.
 */
public final class CustomsReferenceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    public CustomsReferenceException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** The stable code of the broken rule, such as {@code mrn.country}. */
    public String rule() {
        return rule;
    }
}
