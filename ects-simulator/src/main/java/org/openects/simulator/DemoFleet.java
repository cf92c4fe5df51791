package org.openects.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openects.codec.openects.NativeProtocol;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.SealState;
import org.openects.simulator.route.Route;

/**
 * The fleet of {@code ./ects demo}: trucks on the Mombasa-Malaba corridor, spread along it, most driving cleanly and
 * a few with the incidents a control room must see.
 *
 * <p>Truck 1 leaves the corridor ({@value #DEVIATION_AT_KM} km after its start, {@value #DEVIATION_LATERAL_KM} km to
 * the side, over {@value #DEVIATION_LENGTH_KM} km), truck 2's seal is tampered with at {@value #TAMPER_AT_KM} km,
 * truck 3 loses coverage for {@link #GAP} at {@value #GAP_AT_KM} km and then sends its buffered history; the others
 * drive cleanly. At 60 km/h and a speedup of 40 (the default) a truck drives 40 km per real minute, so the deviation
 * happens within about 10 s and the tamper within about 15 s. Truck 3's movement gets the shorter {@link
 * #GAP_TRUCK_MAX_REPORTING_GAP} ({@link #maxReportingGap}): its silence is noticed about 20 s after the start and its
 * buffered history arrives about 40 s after it, so a control room sees every incident within the first minute.
 */
public final class DemoFleet {

    public static final double DEVIATION_AT_KM = 4;
    public static final double DEVIATION_LATERAL_KM = 3;
    public static final double DEVIATION_LENGTH_KM = 8;
    public static final double TAMPER_AT_KM = 10;
    public static final double GAP_AT_KM = 3;
    public static final Duration GAP = Duration.ofSeconds(35);
    /** The maximum reporting gap of the movement of the truck that loses coverage: well inside {@link #GAP}. */
    public static final Duration GAP_TRUCK_MAX_REPORTING_GAP = Duration.ofSeconds(20);

    /** Full width of the movements' corridor: 1 km on each side of the road. */
    public static final double CORRIDOR_WIDTH_METERS = 2000;

    /** Radius of the origin geofence around Mombasa port. */
    public static final double ORIGIN_RADIUS_METERS = 3000;

    /** Radius of the destination geofence around the Malaba border post. */
    public static final double DESTINATION_RADIUS_METERS = 2000;

    /**
     * The movements' maximum reporting gap, long enough for the trucks at the default report interval. Truck 3, which
     * loses coverage, gets the shorter {@link #GAP_TRUCK_MAX_REPORTING_GAP} instead ({@link #maxReportingGap}).
     */
    public static final int MAX_REPORTING_GAP_SECONDS = 45;

    private DemoFleet() {}

    /** The demo device id of truck {@code number} (1-based): {@code ESEAL-0001}, {@code ESEAL-0002}… */
    public static DeviceId deviceId(int number) {
        return deviceId("ESEAL-", number);
    }

    /** The device id of truck {@code number} (1-based) under {@code prefix}: {@code SIM-0001} for {@code SIM-}. */
    public static DeviceId deviceId(String prefix, int number) {
        return DeviceId.of(prefix + "%04d".formatted(number));
    }

    /**
     * The movement truck {@code number} (1-based) drives with {@code device}: the whole Mombasa-Malaba corridor
     * ({@value #CORRIDOR_WIDTH_METERS} m wide) from the Mombasa port geofence to the Malaba border post's.
     *
     * @param referencePrefix the reference starts with it ({@code KEMBA-DEMO}); the truck's number and {@code
     *     uniquifier} (the start time's epoch second, say) follow, so that every run declares new references
     * @param maxReportingGapSeconds the route plan's maximum reporting gap
     */
    public static MovementPlan movementPlan(
            String referencePrefix, DeviceId device, int number, long uniquifier, int maxReportingGapSeconds) {
        List<GeoPosition> corridor = Corridors.mombasaMalaba();
        GeoPosition origin = corridor.getFirst();
        GeoPosition destination = corridor.getLast();
        MovementPlan.RoutePlan plan = new MovementPlan.RoutePlan(
                corridor,
                CORRIDOR_WIDTH_METERS,
                new MovementPlan.Geofence("Mombasa port (Kilindini)", origin, ORIGIN_RADIUS_METERS),
                new MovementPlan.Geofence("Malaba border post", destination, DESTINATION_RADIUS_METERS),
                maxReportingGapSeconds);
        return new MovementPlan(
                "%s-%04d-%d".formatted(referencePrefix, number, uniquifier),
                device,
                "KD%s %03dA / ZF %04d".formatted((char) ('A' + number % 26), number, 4000 + number),
                plan);
    }

    /**
     * A planned truck made ready to drive against a running platform.
     *
     * @param device the truck, its counters carrying on after the last one the platform accepted (a restarted fleet or
     *     a re-keyed seal is then not taken for a replay)
     * @param plan its movement, with the maximum reporting gap its scripted incidents need ({@link #maxReportingGap})
     */
    public record Truck(SimulatedDevice device, MovementPlan plan) {}

    /**
     * Truck {@code number} (1-based) of a {@link #create(List) planned} fleet, ready to drive against a platform that
     * last accepted {@code lastCounter} from it; see {@link #movementPlan} for {@code referencePrefix} and {@code
     * uniquifier}, {@link #maxReportingGap} for {@code maxReportingGap}.
     */
    public static Truck onPlatform(
            SimulatedDevice planned,
            long lastCounter,
            String referencePrefix,
            int number,
            long uniquifier,
            Duration maxReportingGap) {
        SimulatedDevice device = new SimulatedDevice(
                planned.id(),
                planned.key(),
                planned.route(),
                planned.startKm(),
                planned.speedKmh(),
                planned.incidents(),
                lastCounter + 1);
        int gapSeconds = (int) maxReportingGap(planned, maxReportingGap).toSeconds();
        return new Truck(device, movementPlan(referencePrefix, planned.id(), number, uniquifier, gapSeconds));
    }

    /** What is scripted for truck {@code number} (1-based) of a fleet, in words, or empty for a clean drive. */
    public static String incidentOf(int number) {
        return switch (number) {
            case 1 ->
                "leaves the corridor %s km after its start (%s km to the side)"
                        .formatted(fmt(DEVIATION_AT_KM), fmt(DEVIATION_LATERAL_KM));
            case 2 -> "its seal is tampered with %s km after its start".formatted(fmt(TAMPER_AT_KM));
            case 3 ->
                "loses coverage for %d s %s km after its start, then sends its buffered history"
                        .formatted(GAP.toSeconds(), fmt(GAP_AT_KM));
            default -> "";
        };
    }

    private static String fmt(double km) {
        return km == Math.rint(km) ? Long.toString((long) km) : Double.toString(km);
    }

    /** Fresh random keys (from a {@link java.security.SecureRandom}) for trucks {@code ESEAL-0001} to {@code trucks}. */
    public static List<DeviceKey> newKeys(int trucks) {
        List<DeviceKey> keys = new ArrayList<>(trucks);
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 1; i <= trucks; i++) {
            keys.add(new DeviceKey(deviceId(i), NativeProtocol.newKey(random)));
        }
        return keys;
    }

    /**
     * The maximum reporting gap the route plan of {@code truck}'s movement needs for its scripted incidents to show in
     * the first minute: {@link #GAP_TRUCK_MAX_REPORTING_GAP} for a truck that loses coverage, {@code otherwise} for
     * the others (when shorter, {@code otherwise} is kept).
     */
    public static Duration maxReportingGap(SimulatedDevice truck, Duration otherwise) {
        boolean losesCoverage = truck.incidents().stream().anyMatch(Incident.SignalGap.class::isInstance);
        return losesCoverage && GAP_TRUCK_MAX_REPORTING_GAP.compareTo(otherwise) < 0
                ? GAP_TRUCK_MAX_REPORTING_GAP
                : otherwise;
    }

    /** A demo fleet of {@code trucks} with fresh random keys; register {@link SimulatedDevice#key()} with the server. */
    public static List<SimulatedDevice> create(int trucks) {
        return create(newKeys(trucks));
    }

    /** A demo fleet with one truck per given key, in order; the first three get the incidents. */
    public static List<SimulatedDevice> create(List<DeviceKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one truck");
        }
        List<GeoPosition> corridor = Corridors.mombasaMalaba();
        double length = Route.of(corridor).lengthKm();
        double firstStart = 40; // past Mariakani: open road, room to deviate
        double spread = Math.max(0, length - firstStart - 120);
        List<SimulatedDevice> fleet = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            List<Incident> incidents =
                    switch (i) {
                        case 0 ->
                            List.of(new Incident.CorridorDeviation(
                                    DEVIATION_AT_KM, DEVIATION_LATERAL_KM, DEVIATION_LENGTH_KM));
                        case 1 -> List.of(new Incident.SealTamper(TAMPER_AT_KM, SealState.TAMPERED));
                        case 2 -> List.of(new Incident.SignalGap(GAP_AT_KM, GAP));
                        default -> List.of();
                    };
            double startKm = firstStart + spread * i / keys.size();
            double speedKmh = 55 + (i * 7) % 20;
            DeviceKey key = keys.get(i);
            fleet.add(new SimulatedDevice(key.deviceId(), key.key(), corridor, startKm, speedKmh, incidents));
        }
        return List.copyOf(fleet);
    }
}
