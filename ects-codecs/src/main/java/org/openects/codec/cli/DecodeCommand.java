package org.openects.codec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.Protocols;
import org.openects.codec.openects.AckStatus;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./ects decode --protocol NAME [--imei ID] FILE}: decodes captured frames and prints one JSON object per
 * decoded message, in input order, each naming its input line. Text frames are read as they are; a line of hex digits
 * only is read as a binary frame. Blank lines and lines starting with {@code #} are skipped. A frame that carries
 * several messages (a batch, several AVL records) prints one object per message, all with the same {@code line}. The
 * lines of a file are one connection: a message split over several frames (JT/T 808 sub-packages) prints {@code
 * kind: fragment} for each part but the last, whose line prints the whole message; parts still waiting when the file
 * ends print as {@code kind: error} with reason {@code INCOMPLETE} and the number of the file's last line.
 *
 * <p>{@code --imei} names the device on the connection before its first line, as a handshake, a login or an MQTT
 * topic would. Without it, a protocol whose data frames never name their device ({@link
 * ProtocolDescription.Identification#CONNECTION_HANDSHAKE}: Teltonika) has its data frames before any handshake
 * decoded for an unknown device, printed with {@code deviceId} null (the server refuses such frames on a live
 * connection; a capture often holds the data packet alone).
 *
 * <p>Every object carries {@code protocolTrust}, the trust levels the protocol gives what it accepts ({@link
 * ProtocolDescription#trust()}), and every message object its own {@code trust}: a report's, a native
 * acknowledgement's or time request's, else {@code IDENTIFIED} (logins, heartbeats, health, fragments carry no
 * signature in any protocol). Exit status: 0 when the file was read (even if frames were rejected: they print as
 * {@code kind: error}), 2 on a usage error, 1 when the file cannot be read.
 */
public final class DecodeCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Stands in for the device of a connection that never named it, so that the codec decodes its data frames; printed
     * as {@code null}. Not a valid identity in a protocol that names devices by handshake (IMEI digits only).
     */
    static final DeviceId UNIDENTIFIED = DeviceId.of("unidentified-device");

    private DecodeCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String protocol = null;
        String imei = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--protocol", "-p" -> protocol = i + 1 < args.length ? args[++i] : null;
                case "--imei", "--device" -> imei = i + 1 < args.length ? args[++i] : "";
                case "--help", "-h" -> {
                    usage(out);
                    return 0;
                }
                default -> file = Path.of(args[i]);
            }
        }
        if (protocol == null || file == null) {
            usage(err);
            return 2;
        }
        FrameCodec codec = Protocols.byName(protocol).orElse(null);
        if (codec == null) {
            err.println("decode: unknown protocol '" + protocol + "'; known: "
                    + String.join(", ", Protocols.all().keySet()));
            return 2;
        }
        if (imei != null && !DeviceId.isValid(imei)) {
            err.println("decode: --imei needs a device id (letters, digits, '.', '-', '_'), not '" + imei + "'");
            return 2;
        }
        ProtocolDescription description = codec.description();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("decode: no such file: " + file);
            return 1;
        } catch (IOException e) {
            err.println("decode: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        DecodeContext context = new DecodeContext(Instant.now(), Channel.UNKNOWN);
        if (imei != null) {
            context.sessionDevice(DeviceId.of(imei));
        }
        boolean standIn = description.identification() == ProtocolDescription.Identification.CONNECTION_HANDSHAKE;
        int last = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            last = n + 1;
            if (standIn && context.sessionDevice() == null) {
                context.sessionDevice(UNIDENTIFIED); // a handshake line names the real device
            }
            FrameCodec.Decoded decoded = codec.decode(frameBytes(line), context.receivedAt(Instant.now()));
            for (DeviceMessage message : decoded.messages()) {
                for (ObjectNode json : describe(n + 1, message, decoded.reply(), description)) {
                    out.println(JSON.writeValueAsString(json));
                }
            }
        }
        for (DeviceMessage message : codec.finish(context)) {
            for (ObjectNode json : describe(last, message, null, description)) {
                out.println(JSON.writeValueAsString(json));
            }
        }
        out.flush();
        return 0;
    }

    /** The bytes of one input line: hex digits only (even count) is a binary frame, anything else is text. */
    static byte[] frameBytes(String line) {
        if (line.length() % 2 == 0 && line.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HEX.parseHex(line);
        }
        return line.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<ObjectNode> describe(
            int line, DeviceMessage message, byte @Nullable [] reply, ProtocolDescription protocol) {
        Header header = new Header(line, reply, protocol);
        return switch (message) {
            case DeviceMessage.Reports r ->
                r.reports().stream().map(report -> report(header, report)).toList();
            case DeviceMessage.Login l -> {
                ObjectNode json = header.json("login", l.deviceId(), TrustLevel.IDENTIFIED);
                putIfPresent(json, "firmware", l.firmware());
                putIfPresent(json, "detail", l.detail());
                yield List.of(json);
            }
            case DeviceMessage.Heartbeat h -> List.of(header.json("heartbeat", h.deviceId(), TrustLevel.IDENTIFIED));
            case DeviceMessage.Health h -> {
                ObjectNode json = header.json("health", h.deviceId(), TrustLevel.IDENTIFIED);
                if (h.batteryPercent() != null) {
                    json.put("battery", h.batteryPercent());
                }
                if (h.powerVolts() != null) {
                    json.put("powerVolts", h.powerVolts());
                }
                putIfPresent(json, "detail", h.detail());
                yield List.of(json);
            }
            case DeviceMessage.CommandAck a -> {
                ObjectNode json = header.json("command-ack", a.deviceId(), TrustLevel.IDENTIFIED);
                json.put("command", a.command());
                json.put("success", a.success());
                putIfPresent(json, "detail", a.detail());
                DeviceMessage.CommandAck.Answer answers = a.answers();
                if (answers != null) {
                    json.put("answersSerial", answers.serial());
                    json.put("answersMessageId", String.format("0x%04X", answers.messageId()));
                    json.put("status", answers.status().name());
                }
                yield List.of(json);
            }
            case DeviceMessage.Fragment f -> {
                ObjectNode json = header.json("fragment", f.deviceId(), TrustLevel.IDENTIFIED);
                json.put("part", f.part());
                json.put("parts", f.parts());
                json.put("detail", f.detail());
                yield List.of(json);
            }
            case DeviceMessage.CommandOutcome o -> {
                ObjectNode json = header.json("command-ack", o.deviceId(), o.trust());
                json.put("command", "command " + o.commandCounter());
                json.put("success", o.status() == AckStatus.DONE);
                json.put("status", o.status().name());
                json.put("commandCounter", o.commandCounter());
                json.put("counter", o.counter());
                json.put("deviceTime", o.deviceTime().toString());
                yield List.of(json);
            }
            case DeviceMessage.TimeRequest t -> {
                ObjectNode json = header.json("time-request", t.deviceId(), t.trust());
                json.put("counter", t.counter());
                json.put("deviceTime", t.deviceTime().toString());
                yield List.of(json);
            }
            case DeviceMessage.Rejected r -> {
                ObjectNode json = header.json("error", r.deviceId(), null);
                json.put("reason", r.reason().name());
                json.put("detail", r.detail());
                yield List.of(json);
            }
        };
    }

    private static ObjectNode report(Header header, Report r) {
        ObjectNode json = header.json("report", r.deviceId(), r.trust());
        json.put("deviceTime", r.deviceTime().toString());
        if (r.position() != null) {
            json.put("latitude", r.position().latitude());
            json.put("longitude", r.position().longitude());
        } else {
            json.putNull("latitude");
            json.putNull("longitude");
        }
        json.put("validFix", r.validFix());
        json.put("history", r.history());
        ArrayNode alarms = json.putArray("alarms");
        for (Alarm alarm : r.alarms()) {
            alarms.add(alarm.name());
        }
        json.put("seal", r.seal().name());
        json.put("lock", r.lock().name());
        json.put("door", r.door().name());
        if (r.counter() >= 0) {
            json.put("counter", r.counter());
        }
        Map<String, @Nullable Number> numbers = new java.util.LinkedHashMap<>();
        numbers.put("battery", r.batteryPercent());
        numbers.put("speedKmh", r.speedKmh());
        numbers.put("courseDegrees", r.courseDegrees());
        numbers.put("altitudeMeters", r.altitudeMeters());
        numbers.put("satellites", r.satellites());
        numbers.put("odometerKm", r.odometerKm());
        numbers.put("powerVolts", r.powerVolts());
        numbers.forEach((name, value) -> {
            if (value instanceof Integer i) {
                json.put(name, i);
            } else if (value != null) {
                json.put(name, value.doubleValue());
            }
        });
        if (r.unlock() != null) {
            ObjectNode unlock = json.putObject("unlock");
            unlock.put("method", r.unlock().method().name());
            unlock.put("authorised", r.unlock().authorised());
            putIfPresent(unlock, "credential", r.unlock().credential());
            if (r.unlock().resultCode() != null) {
                unlock.put("resultCode", r.unlock().resultCode());
            }
        }
        return json;
    }

    /**
     * What every object of one decoded frame starts with.
     *
     * @param line the input line
     * @param reply what the device would get back, or {@code null}
     * @param protocol the protocol's description, for its trust levels
     */
    private record Header(int line, byte @Nullable [] reply, ProtocolDescription protocol) {

        /** The object's first fields; {@code trust} is the message's own, {@code null} for a rejection. */
        ObjectNode json(String kind, @Nullable DeviceId deviceId, @Nullable TrustLevel trust) {
            ObjectNode json = JSON.createObjectNode();
            json.put("line", line);
            json.put("kind", kind);
            if (deviceId == null || deviceId.equals(UNIDENTIFIED)) {
                json.putNull("deviceId");
            } else {
                json.put("deviceId", deviceId.value());
            }
            if (trust != null) {
                json.put("trust", trust.name());
            }
            ArrayNode protocolTrust = json.putArray("protocolTrust");
            protocol.trust().forEach(level -> protocolTrust.add(level.name()));
            if (reply != null) {
                json.put("reply", HEX.formatHex(reply));
            }
            return json;
        }
    }

    private static void putIfPresent(ObjectNode json, String name, @Nullable String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage: ./ects decode --protocol NAME [--imei ID] FILE");
        out.println(
                "  Decodes captured frames (text as is, binary as hex; one per line; '#' lines ignored) and prints");
        out.println("  one JSON object per decoded message. --imei names the device on the connection (a Teltonika");
        out.println("  AVL packet without its handshake prints with deviceId null otherwise). Protocols: "
                + String.join(", ", Protocols.all().keySet()));
    }
}
