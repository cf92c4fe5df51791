package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.SingleBox;
import org.openects.server.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * The ingress's replay state survives a restart exactly: a signed device's anti-replay window (its bitmap, not only
 * its highest counter), so that buffered history inside the window sent after the restart is accepted once and its
 * replay still refused; and a legacy device's duplicate keys, so that a reading it sends again after the restart is
 * still a duplicate. The platform is stopped and started on the same data directory (H2, embedded broker).
 */
class ReplayStateRestartIT {

    private static final Duration ASYNC = Duration.ofSeconds(30);

    /** The AIS-140 unit of {@link TcpIngressIT#AIS140}. */
    private static final String AIS140_IMEI = "869247045166383";

    @TempDir
    Path dataDir;

    String deviceId = Fixtures.uniqueId("ESEAL");
    byte[] key;

    @Test
    void historyInsideTheWindowIsAcceptedAfterARestartAndLegacyDuplicatesAreStillRecognised() throws Exception {
        try (SingleBox platform = SingleBox.start(dataDir)) {
            Api admin = Api.login(platform.port(), "admin", TestAccounts.ADMIN_PASSWORD);
            Api.Response seal = admin.registerDevice(Fixtures.anESeal(deviceId));
            assertThat(seal.status()).as(seal.body()).isEqualTo(201);
            key = Base64.getDecoder().decode(seal.json().get("key").asString());
            Api.Response tracker = admin.post(
                    "/api/v1/devices", Map.of("deviceId", AIS140_IMEI, "kind", "TRACKER", "protocol", "ais140"));
            assertThat(tracker.status()).as(tracker.body()).isEqualTo(201);

            try (DevicePublisher device = platform.device()) {
                device.publish(report(1).build(), key);
                device.publish(report(3).build(), key); // counter 2 is still in the device's buffer
            }
            send(platform, TcpIngressIT.AIS140);
            awaitTotals(admin, 3, 0, 0);
        }

        try (SingleBox platform = SingleBox.start(dataDir)) {
            Api admin = Api.login(platform.port(), "admin", TestAccounts.ADMIN_PASSWORD);
            try (DevicePublisher device = platform.device()) {
                device.publish(report(2).history(true).build(), key); // the buffered history: older, inside the window
            }
            awaitTotals(admin, 4, 0, 0);
            try (DevicePublisher device = platform.device()) {
                device.publish(report(2).history(true).build(), key); // and again: a replay
                device.publish(report(3).build(), key); // the newest again: a replay
            }
            send(platform, TcpIngressIT.AIS140); // the same reading again, after the restart
            awaitTotals(admin, 4, 2, 1);
        }
    }

    private Report.Builder report(long counter) {
        return Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .counter(counter)
                .position(-4.05, 39.66)
                .seal(SealState.CLOSED);
    }

    private static void send(SingleBox platform, String frame) throws Exception {
        int port = platform.bean(TcpListeners.class).boundPorts().get("ais140");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(frame.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200); // let the listener read it before the connection closes
        }
    }

    /** Waits for these ingress totals: accepted, refused as replayed counters, refused as duplicates. */
    private static void awaitTotals(Api admin, long accepted, long replayed, long duplicates) {
        Map<String, Long> expected = Map.of("accepted", accepted, "replayed", replayed, "duplicates", duplicates);
        Map<String, Long> seen = Eventually.await(ASYNC, "ingress totals " + expected, () -> {
            JsonNode stats = admin.get("/api/v1/ingress/stats").json();
            Map<String, Long> now = Map.of(
                    "accepted", count(stats, "ACCEPTED", null),
                    "replayed", count(stats, "REJECTED", "REPLAYED_COUNTER"),
                    "duplicates", count(stats, "DUPLICATE", "DUPLICATE"));
            return now.equals(expected) ? now : null;
        });
        assertThat(seen).isEqualTo(expected);
    }

    private static long count(JsonNode stats, String outcome, @Nullable String reason) {
        long total = 0;
        for (JsonNode row : stats) {
            String rowReason = row.path("reason").isNull() || row.path("reason").isMissingNode()
                    ? null
                    : row.get("reason").asString();
            if (row.get("outcome").asString().equals(outcome) && Objects.equals(rowReason, reason)) {
                total += row.get("count").asLong();
            }
        }
        return total;
    }
}
