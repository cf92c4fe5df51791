package org.openects.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;

/**
 * A virtual e-seal on a truck: who it is, its signing key, where it drives and what happens to it.
 *
 * @param id the device id it reports under
 * @param key its HMAC key for the native protocol (copied in and out)
 * @param route the polyline it follows, origin first
 * @param startKm where along the route it is when the simulator starts
 * @param speedKmh its road speed; the simulator's speedup compresses the driving, not the device clock
 * @param incidents what is scripted to happen, positioned by km driven since the start
 * @param firstCounter the counter of its first report; later reports count up from it, never reusing one
 */
public record SimulatedDevice(
        DeviceId id,
        byte[] key,
        List<GeoPosition> route,
        double startKm,
        double speedKmh,
        List<Incident> incidents,
        long firstCounter) {

    public SimulatedDevice {
        Objects.requireNonNull(id);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key for " + id);
        }
        key = key.clone();
        route = List.copyOf(route);
        if (route.size() < 2) {
            throw new IllegalArgumentException("route of " + id + " needs at least two points");
        }
        if (!(startKm >= 0) || !(speedKmh > 0) || !Double.isFinite(speedKmh)) {
            throw new IllegalArgumentException("start must be ≥ 0 km and speed > 0 km/h for " + id);
        }
        incidents = List.copyOf(incidents);
        if (firstCounter < 0) {
            throw new IllegalArgumentException("counters start at 0 or above: " + firstCounter);
        }
    }

    /** A device whose counter starts at 1. */
    public SimulatedDevice(
            DeviceId id,
            byte[] key,
            List<GeoPosition> route,
            double startKm,
            double speedKmh,
            List<Incident> incidents) {
        this(id, key, route, startKm, speedKmh, incidents, 1);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SimulatedDevice that
                && id.equals(that.id)
                && Arrays.equals(key, that.key)
                && route.equals(that.route)
                && Double.compare(startKm, that.startKm) == 0
                && Double.compare(speedKmh, that.speedKmh) == 0
                && incidents.equals(that.incidents)
                && firstCounter == that.firstCounter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(key), startKm, speedKmh, incidents, firstCounter);
    }

    /** Without the key. */
    @Override
    public String toString() {
        return "SimulatedDevice[" + id + ", start " + startKm + " km, " + speedKmh + " km/h, incidents " + incidents
                + "]";
    }
}
