package org.openects.server.ingress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.openects.codec.iridium.DirectIp;
import org.openects.codec.iridium.DirectIpMessage;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.Uplink;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.support.Api;

/**
 * Plays a native device on Iridium SBD for the integration tests: registered under a fresh IMEI with protocol {@code
 * iridium}, it signs compact messages under its key and hands them to the platform's DirectIP mobile-originated
 * listener as the Iridium gateway would (one connection per message, waiting for the confirmation).
 */
final class IridiumModem {

    final String imei;
    final DeviceId device;
    final byte[] key;
    private final int moPort;
    private final CompactCodec compact = CompactCodec.signer();
    private long counter = 1;
    private int momsn = 1;

    private IridiumModem(String imei, byte[] key, int moPort) {
        this.imei = imei;
        this.device = DeviceId.of(imei);
        this.key = key;
        this.moPort = moPort;
    }

    /** Registers a new modem (an e-seal, protocol {@code iridium}) through the API. */
    static IridiumModem register(Api admin, int moPort) {
        String imei = "30" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
        Api.Response registered = admin.registerDevice(
                Map.of("deviceId", imei, "kind", "E_SEAL", "sealClass", "H", "protocol", "iridium"));
        if (registered.status() != 201) {
            throw new AssertionError("registration of " + imei + ": " + registered.status() + " " + registered.body());
        }
        return new IridiumModem(
                imei, Base64.getDecoder().decode(registered.json().get("key").asString()), moPort);
    }

    /** A modem registered otherwise, signing under {@code key}. */
    static IridiumModem withKey(String imei, byte[] key, int moPort) {
        return new IridiumModem(imei, key, moPort);
    }

    /** A signed compact report with the next counter. */
    byte[] report() {
        return compact.encodeReport(
                Report.builder(device, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                        .counter(counter++)
                        .position(-4.05, 39.66)
                        .build(),
                key);
    }

    /** A signed compact time request with the next counter. */
    Uplink.TimeRequest timeRequest() {
        return new Uplink.TimeRequest(device, counter++, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    byte[] encode(Uplink.TimeRequest request) {
        return compact.encodeTimeRequest(request, key);
    }

    /** Sends {@code payload} as the gateway does; answers the platform's confirmation. */
    byte[] sendMo(byte[] payload) throws IOException {
        byte[] frame = DirectIp.encode(new DirectIpMessage(
                new DirectIpMessage.Header(
                        ThreadLocalRandom.current().nextLong(1L << 32),
                        imei,
                        0,
                        momsn++,
                        0,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                null,
                payload));
        try (Socket socket = new Socket("127.0.0.1", moPort)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
            InputStream in = socket.getInputStream();
            return in.readNBytes(DirectIp.confirmation(true).length);
        }
    }
}
