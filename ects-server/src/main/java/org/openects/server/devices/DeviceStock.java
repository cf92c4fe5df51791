package org.openects.server.devices;

import java.util.List;
import java.util.Set;

/**
 * A seal provider's stock of devices, for the approval of seal requests: devices owned by the provider, in lifecycle
 * {@link Lifecycle#IN_STOCK} and not revoked.
 */
public interface DeviceStock {

    /** How many devices of these kinds the provider has in stock (owned, {@code IN_STOCK}, not revoked). */
    int available(long providerOrganisationId, Set<DeviceKind> kinds);

    /**
     * Takes {@code count} devices of these kinds from the provider's stock and moves them to {@link
     * Lifecycle#ASSIGNED}, each with a {@code device.lifecycle-changed} audit entry naming {@code purpose}. Runs in
     * the caller's transaction, which must exist: the devices stay the caller's only if it commits. Two transactions
     * never take the same device: on PostgreSQL the candidates are locked and those another transaction holds are
     * skipped ({@code FOR UPDATE SKIP LOCKED}); each move is a conditional update ({@code WHERE lifecycle =
     * 'IN_STOCK'}) on either database. Devices are taken in the order of their ids.
     *
     * @param purpose what they are assigned to, for the audit entries (such as {@code seal-request 42})
     * @param actor who assigns them, as an audit actor ({@code user:NAME} or {@code system:COMPONENT})
     * @return the devices taken, as they are now
     * @throws InsufficientStockException when fewer than {@code count} can be taken; the devices this call moved
     *     before finding out are moved back only by the caller's rollback, which the exception (unchecked) causes
     */
    List<Device> assign(long providerOrganisationId, Set<DeviceKind> kinds, int count, String purpose, String actor);
}
