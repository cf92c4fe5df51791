package org.openects.server.ingress.internal;

import io.netty.channel.Channel;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.ProtocolDescription.Commands;
import org.openects.codec.jt808.Jt808Commands;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.CompactProtocol;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.OpenEctsCodec;
import org.openects.domain.DeviceId;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.ingress.DeviceDownlink;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends commands to devices, the way their protocol's description ({@link ProtocolDescription#commands()}) says. A
 * device registered for a protocol of JT/T 808 platform messages gets set-interval, ping and unlock (0x8500 door
 * unlock) as such on its open connection, nothing else and no other way. Any other device gets native commands, signed under its current key, by
 * the way it last reached the platform (read from the archive, once per command, among the messages of the protocols
 * with signed commands): a device whose last accepted native message came through a protocol whose commands go as
 * Iridium mobile-terminated messages ({@code iridium}), or which has sent nothing yet and is registered for one, gets
 * them in the compact encoding as MT messages, never over MQTT. Any other device gets them in the encoding of its last
 * message, over its open TCP connection or else MQTT. A device without a key gets nothing (the command fails).
 */
@Component
class DownlinkSender implements DeviceDownlink {

    /** The encoding named in the delivery of a JT/T 808 command. */
    static final String JT808 = "JT808";

    /** The native encodings. */
    enum Encoding {
        JSON,
        COMPACT
    }

    /**
     * How the device last reached the platform.
     *
     * @param iridium through the Iridium gateway: it can only be answered by an MT message
     * @param encoding the encoding of that message (always compact over Iridium)
     */
    record Route(boolean iridium, Encoding encoding) {}

    private final DeviceDirectory devices;
    private final DeviceRegistry registry;
    private final MqttDownlink mqtt;
    private final NativeConnections connections;
    private final IridiumMtClient iridium;
    private final Jt808Connections jt808;
    private final JdbcTemplate jdbc;
    private final NativeCodecs codecs;
    /** The protocols whose devices take signed native commands, whatever their bearer. */
    private final List<String> signedProtocols;
    /** The query for a device's last accepted message in one of {@link #signedProtocols}. */
    private final String lastSignedMessage;

    private final CompactCodec compact = CompactCodec.signer();
    private final JsonMessageCodec json = new JsonMessageCodec(id -> null);

    DownlinkSender(
            DeviceDirectory devices,
            DeviceRegistry registry,
            MqttDownlink mqtt,
            NativeConnections connections,
            IridiumMtClient iridium,
            Jt808Connections jt808,
            JdbcTemplate jdbc,
            NativeCodecs codecs) {
        this.devices = devices;
        this.registry = registry;
        this.mqtt = mqtt;
        this.connections = connections;
        this.iridium = iridium;
        this.jt808 = jt808;
        this.jdbc = jdbc;
        this.codecs = codecs;
        this.signedProtocols = codecs.descriptions().values().stream()
                .filter(d -> d.commands().signed())
                .map(ProtocolDescription::name)
                .sorted()
                .toList();
        String placeholders = String.join(", ", Collections.nCopies(signedProtocols.size(), "?"));
        this.lastSignedMessage = """
                SELECT protocol, payload FROM raw_messages
                WHERE claimed_device_id = ? AND protocol IN (%s) AND outcome = 'ACCEPTED' AND kind <> 'login'
                ORDER BY received_at DESC, id DESC LIMIT 1""".formatted(placeholders);
    }

    @Override
    public CompletableFuture<Delivery> send(Downlink.Command command) {
        DeviceId device = command.deviceId();
        if (registeredCommands(device) == Commands.JT808_PLATFORM) {
            return sendJt808(command);
        }
        byte[] key = devices.keyOf(device);
        if (key == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("device " + device + " has no key"));
        }
        Route route = lastRoute(device);
        if (route.iridium()) {
            return iridium.send(device, compact.encodeCommand(command, key))
                    .thenApply(confirmed -> new Delivery("IRIDIUM", Encoding.COMPACT.name()));
        }
        Encoding encoding = route.encoding();
        byte[] message =
                encoding == Encoding.COMPACT ? compact.encodeCommand(command, key) : json.encodeCommand(command, key);
        Channel tcp = connections.of(device);
        if (tcp != null) {
            return connections.write(tcp, message).thenApply(written -> new Delivery("TCP", encoding.name()));
        }
        return mqtt.publish(device, message).thenApply(published -> new Delivery("MQTT", encoding.name()));
    }

    /**
     * How the device's last accepted native message (its hello aside) came: in a protocol whose commands go as Iridium
     * MT messages, or in which encoding otherwise. With none, a device registered for such a protocol is taken as
     * reached that way, any other as JSON.
     */
    Route lastRoute(DeviceId device) {
        Object[] arguments = new Object[1 + signedProtocols.size()];
        arguments[0] = device.value();
        for (int i = 0; i < signedProtocols.size(); i++) {
            arguments[i + 1] = signedProtocols.get(i);
        }
        return jdbc
                .query(
                        lastSignedMessage,
                        (rs, row) -> commandsOf(rs.getString(1)) == Commands.IRIDIUM_MT
                                ? new Route(true, Encoding.COMPACT)
                                : new Route(false, encodingOf(rs.getBytes(2))),
                        arguments)
                .stream()
                .findFirst()
                .orElseGet(() -> registeredCommands(device) == Commands.IRIDIUM_MT
                        ? new Route(true, Encoding.COMPACT)
                        : new Route(false, Encoding.JSON));
    }

    /**
     * A set-interval (0x8103, parameter 0x0029), ping (0x8201) or unlock (0x8500) for a JT/T 808 terminal, on its open JT/T 808
     * connection; fails, to be sent again by the command sweep or when the terminal connects, when it has none.
     */
    private CompletableFuture<Delivery> sendJt808(Downlink.Command command) {
        DeviceId terminal = command.deviceId();
        int serial = DeviceDownlink.jt808Serial(command.counter());
        byte[] frame;
        String message;
        try {
            switch (command.instruction()) {
                case Instruction.SetReportInterval interval -> {
                    frame = Jt808Commands.setReportInterval(
                            terminal, serial, interval.interval().toSeconds());
                    message = "0x8103";
                }
                case Instruction.Ping ping -> {
                    frame = Jt808Commands.positionQuery(terminal, serial);
                    message = "0x8201";
                }
                case Instruction.Unlock unlock -> {
                    // JT/T 808 carries no authorisation code: the platform's authorisation stays in its audit log.
                    frame = Jt808Commands.doorUnlock(terminal, serial);
                    message = "0x8500";
                }
                default ->
                    throw new IllegalArgumentException(
                            "JT/T 808 terminals take only set-interval, ping and unlock commands, not "
                                    + command.instruction());
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Channel tcp = jt808.of(terminal);
        if (tcp == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("JT/T 808 terminal " + terminal
                    + " has no open connection; the command waits for the terminal to connect"));
        }
        String remark = "JT/T 808 " + message + " serial " + serial;
        return jt808.write(tcp, frame).thenApply(written -> new Delivery("TCP", JT808, remark));
    }

    /**
     * What the protocol the device is registered for takes: {@link Commands#NONE} for an unregistered device or a
     * protocol the platform does not speak.
     */
    private Commands registeredCommands(DeviceId device) {
        return registry.find(device.value())
                .map(Device::protocol)
                .map(this::commandsOf)
                .orElse(Commands.NONE);
    }

    private Commands commandsOf(String protocol) {
        ProtocolDescription description = codecs.description(protocol);
        return description == null ? Commands.NONE : description.commands();
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
