package org.openects.server.ingress.internal;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.CompactProtocol;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.OpenEctsCodec;
import org.openects.domain.DeviceId;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.ingress.DeviceDownlink;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends commands to native devices: signed under the device's current key, in the encoding of the last message the
 * platform accepted from it (read from the archive, once per command), over its open TCP connection or else MQTT.
 */
@Component
class DownlinkSender implements DeviceDownlink {

    /** The native encodings. */
    enum Encoding {
        JSON,
        COMPACT
    }

    private final DeviceDirectory devices;
    private final MqttDownlink mqtt;
    private final NativeConnections connections;
    private final JdbcTemplate jdbc;
    private final CompactCodec compact = CompactCodec.signer();
    private final JsonMessageCodec json = new JsonMessageCodec(id -> null);

    DownlinkSender(DeviceDirectory devices, MqttDownlink mqtt, NativeConnections connections, JdbcTemplate jdbc) {
        this.devices = devices;
        this.mqtt = mqtt;
        this.connections = connections;
        this.jdbc = jdbc;
    }

    @Override
    public CompletableFuture<Delivery> send(Downlink.Command command) {
        DeviceId device = command.deviceId();
        byte[] key = devices.keyOf(device);
        if (key == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("device " + device + " has no key"));
        }
        Encoding encoding = lastEncoding(device);
        byte[] message =
                encoding == Encoding.COMPACT ? compact.encodeCommand(command, key) : json.encodeCommand(command, key);
        Channel tcp = connections.of(device);
        if (tcp != null) {
            return connections.write(tcp, message).thenApply(written -> new Delivery("TCP", encoding.name()));
        }
        return mqtt.publish(device, message).thenApply(published -> new Delivery("MQTT", encoding.name()));
    }

    /** The encoding of the last native message accepted from the device (its hello aside); JSON when none. */
    Encoding lastEncoding(DeviceId device) {
        return jdbc.query("""
                        SELECT payload FROM raw_messages
                        WHERE claimed_device_id = ? AND protocol = ? AND outcome = 'ACCEPTED' AND kind <> 'login'
                        ORDER BY received_at DESC, id DESC LIMIT 1""", (rs, row) -> encodingOf(rs.getBytes(1)), device.value(), OpenEctsCodec.NAME).stream()
                .findFirst()
                .orElse(Encoding.JSON);
    }

    /** The encoding of an archived native message, which may still carry its TCP length prefix. */
    static Encoding encodingOf(byte[] payload) {
        int first = payload.length == 0 ? -1 : payload[0] & 0xff;
        if (!OpenEctsCodec.canStartMessage(first) && payload.length > 2) {
            first = payload[2] & 0xff;
        }
        return CompactProtocol.isCompactTypeByte(first) ? Encoding.COMPACT : Encoding.JSON;
    }
}
