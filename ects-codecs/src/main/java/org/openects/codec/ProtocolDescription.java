package org.openects.codec;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openects.domain.Channel;
import org.openects.domain.TrustLevel;

/**
 * What a device protocol is, as the platform uses it: how its frames are cut, where it is offered, how a device is
 * named, how far what it brings can be trusted and replayed, what the platform can send back, and what it decodes that
 * the platform does not use yet. Every {@link FrameCodec} gives one ({@link FrameCodec#description()}); the server's
 * listeners and downlink ask it instead of naming protocols, and {@code docs/protocols/README.md} holds its table
 * ({@link #table(List)}).
 *
 * @param name the protocol's name, as {@link FrameCodec#name()} and the configuration know it
 * @param title the protocol as people know it ("Teltonika Codec 8 / 8 Extended")
 * @param framing how frames are cut from the bytes that arrive
 * @param transports where the platform offers it
 * @param identification how a message is attributed to a device
 * @param authentication how the platform knows the message is the device's, in words
 * @param trust the trust levels of the readings it accepts, strongest first (at least one)
 * @param replay how a message sent again is recognised, strongest first (at least one)
 * @param commands what the platform can send the device
 * @param decodedNotUsed what the codec reads but the platform neither stores in its reports nor acts on yet (it stays
 *     in the raw archive), one item each
 */
public record ProtocolDescription(
        String name,
        String title,
        Framing framing,
        Set<Transport> transports,
        Identification identification,
        String authentication,
        List<TrustLevel> trust,
        List<Replay> replay,
        Commands commands,
        List<String> decodedNotUsed) {

    public ProtocolDescription {
        Objects.requireNonNull(name);
        Objects.requireNonNull(title);
        Objects.requireNonNull(framing);
        Objects.requireNonNull(identification);
        Objects.requireNonNull(authentication);
        Objects.requireNonNull(commands);
        if (transports.isEmpty() || trust.isEmpty() || replay.isEmpty()) {
            throw new IllegalArgumentException(name + ": transports, trust and replay need at least one entry");
        }
        transports = Set.copyOf(EnumSet.copyOf(transports));
        trust = List.copyOf(trust);
        replay = List.copyOf(replay);
        decodedNotUsed = List.copyOf(decodedNotUsed);
    }

    /** How frames are cut from the bytes that arrive. */
    public enum Framing {
        /** The native protocol: one message per MQTT publish or HTTP body; on TCP each behind a 2-byte length. */
        NATIVE_LENGTH_PREFIXED("one message per MQTT publish or HTTP body; on TCP a 2-byte big-endian length first"),
        /** Iridium DirectIP: one message per gateway connection, revision byte, 2-byte length, elements. */
        DIRECT_IP("DirectIP: revision 1, 2-byte overall length, information elements"),
        /** Text from {@code $} to {@code *} and an optional checksum (AIS-140). */
        DELIMITED_TEXT("text from `$` to `*` and an optional checksum"),
        /** Jointech: binary {@code $} frames cut by the length in their header, text frames from {@code (} to {@code )}. */
        JOINTECH("binary `$` frames by the length in their header; text from `(` to `)`"),
        /** JT/T 808: {@code 0x7e}-delimited, {@code 0x7d} escapes, XOR check code, sub-packages reassembled. */
        JT808_ESCAPED("`0x7e` … `0x7e` with `0x7d` escapes and an XOR check code; sub-packages reassembled"),
        /** Teltonika: the IMEI handshake, then AVL packets (4 zero bytes, 4-byte length, data, CRC-16). */
        TELTONIKA_AVL("IMEI handshake, then AVL packets: 4 zero bytes, 4-byte length, data, CRC-16");

        private final String text;

        Framing(String text) {
            this.text = text;
        }

        /** One line for the docs. */
        public String text() {
            return text;
        }
    }

    /** Where the platform offers a protocol. */
    public enum Transport {
        /** A TCP listener of its own ({@code ects.ingress.tcp.NAME}). */
        TCP,
        /** The MQTT broker's device topics. */
        MQTT,
        /** The HTTP ingest endpoint. */
        HTTP,
        /** The Iridium gateway's DirectIP connections (mobile-originated in, mobile-terminated out). */
        IRIDIUM_DIRECTIP
    }

    /** How a message is attributed to a device. */
    public enum Identification {
        /** Every frame names its device (an IMEI, a terminal number, a serial). */
        EVERY_FRAME("every frame names its device"),
        /**
         * The device names itself once per connection (a handshake) and its data frames never do: a data frame before
         * the handshake belongs to no known device.
         */
        CONNECTION_HANDSHAKE("a handshake names the device for the connection; data packets do not name it"),
        /**
         * Signed JSON messages name their device; compact messages belong to the device the transport names (the
         * MQTT topic, the TCP connection's hello, the Iridium modem's IMEI).
         */
        MESSAGE_OR_TRANSPORT("JSON messages name their device; compact ones take the topic's, hello's or modem's");

        private final String text;

        Identification(String text) {
            this.text = text;
        }

        /** One line for the docs. */
        public String text() {
            return text;
        }
    }

    /** How a message sent again (by the device, or by someone who recorded it) is recognised. */
    public enum Replay {
        /** A signed counter, passed through the device's replay window: an old or repeated counter is refused. */
        COUNTER_WINDOW("signed counter through the device's replay window (`REPLAYED_COUNTER`)"),
        /**
         * No counter: a reading with the device time and position of one of the device's recent readings is refused;
         * a new reading made up by someone else is not recognised.
         */
        REPEATED_READING("no counter: a repeated reading (same device time and position) is refused `DUPLICATE`");

        private final String text;

        Replay(String text) {
            this.text = text;
        }

        /** One line for the docs. */
        public String text() {
            return text;
        }
    }

    /** What the platform can send a device of a protocol. */
    public enum Commands {
        /** Nothing: commands to such a device fail. */
        NONE("none"),
        /**
         * Signed native commands (and time responses), on the device's TCP connection once a signed message of it was
         * accepted there, else over MQTT.
         */
        SIGNED_NATIVE("signed native commands, on the device's TCP connection or over MQTT"),
        /**
         * Signed native commands in the compact encoding as Iridium mobile-terminated messages; what the codec owes the
         * modem (a time response) goes the same way.
         */
        IRIDIUM_MT("signed compact commands as Iridium mobile-terminated messages"),
        /**
         * Unsigned JT/T 808 platform messages (set interval 0x8103, position query 0x8201) on the terminal's open
         * connection, which becomes the terminal's with its first accepted message.
         */
        JT808_PLATFORM("JT/T 808 set-interval (0x8103), position query (0x8201) and door unlock (0x8500, 2013 layout),"
                + " unsigned, on the open connection");

        private final String text;

        Commands(String text) {
            this.text = text;
        }

        /** One line for the docs. */
        public String text() {
            return text;
        }

        /** Whether commands go out signed under the device's key (native commands, whatever the bearer). */
        public boolean signed() {
            return this == SIGNED_NATIVE || this == IRIDIUM_MT;
        }
    }

    /** Whether the platform offers the protocol on {@code transport}. */
    public boolean offeredOn(Transport transport) {
        return transports.contains(transport);
    }

    /** Whether its TCP connections come from the Iridium gateway (and only from there), not from devices. */
    public boolean throughIridiumGateway() {
        return offeredOn(Transport.IRIDIUM_DIRECTIP);
    }

    /** The bearer its messages come over: satellite through the Iridium gateway, cellular otherwise. */
    public Channel bearer() {
        return throughIridiumGateway() ? Channel.SATELLITE : Channel.CELLULAR;
    }

    /** The docs' table of {@code descriptions}: one row per protocol, in the order given. */
    public static String table(List<ProtocolDescription> descriptions) {
        StringBuilder table = new StringBuilder();
        table.append("| protocol | transports | framing | device named by | authentication | trust | replay protection")
                .append(" | commands | decoded, not used yet |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (ProtocolDescription d : descriptions) {
            table.append("| `")
                    .append(d.name())
                    .append("` ")
                    .append(d.title())
                    .append(" | ")
                    .append(String.join(
                            ", ",
                            EnumSet.copyOf(d.transports()).stream()
                                    .map(Enum::name)
                                    .toList()))
                    .append(" | ")
                    .append(d.framing().text())
                    .append(" | ")
                    .append(d.identification().text())
                    .append(" | ")
                    .append(d.authentication())
                    .append(" | ")
                    .append(String.join(
                            ", ", d.trust().stream().map(t -> "`" + t + "`").toList()))
                    .append(" | ")
                    .append(String.join(
                            "; ", d.replay().stream().map(Replay::text).toList()))
                    .append(" | ")
                    .append(d.commands().text())
                    .append(" | ")
                    .append(d.decodedNotUsed().isEmpty() ? "–" : String.join("; ", d.decodedNotUsed()))
                    .append(" |\n");
        }
        return table.toString();
    }
}
