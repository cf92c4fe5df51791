package org.openects.server.devices;

import java.util.Set;
import org.openects.server.shared.ConflictException;

/**
 * A seal provider has fewer devices of the kinds asked for in stock than asked for ({@link DeviceStock#assign}):
 * {@link #available()} is how many the call could take (devices another transaction holds do not count).
 */
public final class InsufficientStockException extends ConflictException {

    private final Set<DeviceKind> kinds;
    private final int requested;
    private final int available;

    public InsufficientStockException(Set<DeviceKind> kinds, int requested, int available) {
        super("the seal provider has " + available + " of the " + requested + " devices (" + kinds + ") asked for in"
                + " stock");
        this.kinds = Set.copyOf(kinds);
        this.requested = requested;
        this.available = available;
    }

    public Set<DeviceKind> kinds() {
        return kinds;
    }

    public int requested() {
        return requested;
    }

    public int available() {
        return available;
    }
}
