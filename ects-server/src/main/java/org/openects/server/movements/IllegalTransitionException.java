package org.openects.server.movements;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A transition the movement's state does not allow, or one only the platform makes: 409 on the API, a problem with
 * {@code currentState}, {@code requestedState} and {@code allowedNextStates} (and {@code rule} for a platform-only
 * state). Nothing changed.
 */
public class IllegalTransitionException extends MovementRejectedException {

    private final MovementState current;
    private final MovementState requested;

    public IllegalTransitionException(
            String reference, MovementState current, MovementState requested, @Nullable String rule) {
        super(detail(reference, current, requested, rule), properties(current, requested, rule));
        this.current = current;
        this.requested = requested;
    }

    /** The movement's state, unchanged. */
    public MovementState current() {
        return current;
    }

    /** The state asked for. */
    public MovementState requested() {
        return requested;
    }

    /** The states the movement may move to from {@link #current()}. */
    public Set<MovementState> allowed() {
        return current.allowedNext();
    }

    private static String detail(
            String reference, MovementState current, MovementState requested, @Nullable String rule) {
        if (rule != null) {
            return "movement " + reference + " is " + current + ": " + requested + " is entered by the platform only ("
                    + rule + ")";
        }
        return "movement " + reference + " is " + current + " and cannot move to " + requested + "; allowed next: "
                + (current.terminal()
                        ? "none (final state)"
                        : current.allowedNext().toString());
    }

    private static Map<String, Object> properties(
            MovementState current, MovementState requested, @Nullable String rule) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("currentState", current.name());
        properties.put("requestedState", requested.name());
        properties.put(
                "allowedNextStates",
                current.allowedNext().stream().map(Enum::name).toList());
        if (rule != null) {
            properties.put("rule", rule);
        }
        return properties;
    }
}
