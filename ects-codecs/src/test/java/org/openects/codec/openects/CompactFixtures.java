package org.openects.codec.openects;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.openects.domain.Alarm;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;

/** Seeded random reports in the compact form's resolution, and the test key. */
final class CompactFixtures {

    static final DeviceId DEVICE = DeviceId.of("ESEAL-0001");
    static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final Instant NOW = Instant.parse("2025-01-15T08:30:00Z");

    private CompactFixtures() {}

    static DeviceKeyLookup keys() {
        return id -> DEVICE.equals(id) ? KEY : null;
    }

    /** A report whose every field survives the compact form exactly (whole seconds, 1e-7 degrees, whole km/h…). */
    static Report randomReport(Random random, long counter, Instant time) {
        Report.Builder b = Report.builder(DEVICE, time).counter(counter);
        if (random.nextInt(10) > 0) {
            int lat = random.nextInt(-900_000_000, 900_000_001);
            int lon = random.nextInt(-1_800_000_000, 1_800_000_001);
            b.position(new org.openects.domain.GeoPosition(lat / 1e7, lon / 1e7), random.nextBoolean());
        }
        if (random.nextBoolean()) {
            b.speedKmh((double) random.nextInt(255));
        }
        if (random.nextBoolean()) {
            b.courseDegrees(random.nextInt(180) * 2.0);
        }
        if (random.nextBoolean()) {
            b.batteryPercent(random.nextInt(101));
        }
        b.seal(SealState.values()[random.nextInt(SealState.values().length)]);
        b.lock(LockState.values()[random.nextInt(LockState.values().length)]);
        b.door(DoorState.values()[random.nextInt(DoorState.values().length)]);
        b.history(random.nextBoolean());
        EnumSet<Alarm> alarms = EnumSet.noneOf(Alarm.class);
        for (Alarm alarm : Alarm.values()) {
            if (random.nextInt(8) == 0) {
                alarms.add(alarm);
            }
        }
        return b.alarms(alarms).build();
    }

    /** A realistic history run: a truck on a corridor, readings a minute apart, consecutive counters. */
    static List<Report> track(Random random, int count, long firstCounter) {
        List<Report> reports = new ArrayList<>();
        double lat = -4.0435 + random.nextDouble() / 10;
        double lon = 39.6682 + random.nextDouble() / 10;
        Instant time = NOW.minusSeconds(3600);
        for (int i = 0; i < count; i++) {
            lat += (random.nextDouble() - 0.3) * 0.012;
            lon += (random.nextDouble() - 0.3) * 0.012;
            reports.add(Report.builder(DEVICE, time.plusSeconds(60L * i))
                    .counter(firstCounter + i)
                    .position(Math.round(lat * 1e7) / 1e7, Math.round(lon * 1e7) / 1e7)
                    .speedKmh((double) (50 + random.nextInt(40)))
                    .courseDegrees(random.nextInt(180) * 2.0)
                    .batteryPercent(90 - i / 10)
                    .seal(SealState.CLOSED)
                    .lock(LockState.LOCKED)
                    .door(DoorState.CLOSED)
                    .history(true)
                    .build());
        }
        return reports;
    }

    /** What the receiver should see: the sent report with the receiver's fields. */
    static Report asReceived(Report sent, Instant receivedAt, org.openects.domain.Channel channel) {
        return sent.toBuilder()
                .receivedAt(receivedAt)
                .channel(channel)
                .trust(org.openects.domain.TrustLevel.SIGNED)
                .build();
    }
}
