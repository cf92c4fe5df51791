package org.openects.server.commands.internal;

import java.util.Locale;
import java.util.Optional;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.openects.domain.DeviceId;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementStatus;
import org.openects.server.movements.MovementStatusProvider;
import org.openects.server.movements.RoutePlanSpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where a seal under supervision may be unlocked without a stated reason: inside the origin or destination geofence of
 * its active movement, judged from the latest live position the monitoring holds (in memory). Anywhere else, or with
 * no position reported yet, an unlock needs the officer's reason, which the audit log keeps with the command.
 */
@Component
class UnlockPlaces {

    private final MovementDirectory movements;
    private final ObjectProvider<MovementStatusProvider> status;

    UnlockPlaces(MovementDirectory movements, ObjectProvider<MovementStatusProvider> status) {
        this.movements = movements;
        this.status = status;
    }

    /**
     * Why an unlock of the device would be outside its movement's geofences, in words; empty when it is inside one
     * of them or the device is on no active movement (not under customs supervision).
     */
    Optional<String> outside(String deviceId) {
        if (!DeviceId.isValid(deviceId)) {
            return Optional.empty();
        }
        Movement movement = movements.activeFor(DeviceId.of(deviceId)).orElse(null);
        if (movement == null) {
            return Optional.empty();
        }
        MovementStatusProvider provider = status.getIfAvailable();
        MovementStatus live = provider == null ? MovementStatus.NONE : provider.statusOf(movement.id());
        if (live.latitude() == null || live.longitude() == null) {
            return Optional.of("device " + deviceId + " is on movement " + movement.reference()
                    + " and has reported no position yet, so it cannot be placed in its origin or destination");
        }
        RoutePlanSpec plan = movement.routePlan();
        double toOrigin = distance(live.latitude(), live.longitude(), plan.origin());
        double toDestination = distance(live.latitude(), live.longitude(), plan.destination());
        if (toOrigin <= plan.origin().radiusMeters()
                || toDestination <= plan.destination().radiusMeters()) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "device %s of movement %s was last at %.5f, %.5f: %s from the destination %s (%,.0f m radius) and %s"
                        + " from the origin %s (%,.0f m radius)",
                deviceId,
                movement.reference(),
                live.latitude(),
                live.longitude(),
                kilometres(toDestination),
                plan.destination().name(),
                plan.destination().radiusMeters(),
                kilometres(toOrigin),
                plan.origin().name(),
                plan.origin().radiusMeters()));
    }

    private static double distance(double latitude, double longitude, RoutePlanSpec.GeofenceSpec geofence) {
        return Geodesic.WGS84.Inverse(
                        latitude, longitude, geofence.latitude(), geofence.longitude(), GeodesicMask.DISTANCE)
                .s12;
    }

    private static String kilometres(double meters) {
        return String.format(Locale.ROOT, "%,.1f km", meters / 1000);
    }
}
