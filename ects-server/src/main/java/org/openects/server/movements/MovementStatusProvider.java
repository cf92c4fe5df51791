package org.openects.server.movements;

/** Supplies the live status shown beside each movement; implemented by the monitoring module. */
public interface MovementStatusProvider {

    MovementStatus statusOf(long movementId);
}
