package org.openects.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openects.codec.ais140.Ais140Codec;
import org.openects.codec.ais140.Ais140Protocol;
import org.openects.codec.iridium.IridiumSbdCodec;
import org.openects.codec.iridium.IridiumSbdProtocol;
import org.openects.codec.jointech.JointechCodec;
import org.openects.codec.jointech.JointechProtocol;
import org.openects.codec.jt808.Jt808Codec;
import org.openects.codec.jt808.Jt808Protocol;
import org.openects.codec.openects.DeviceKeyLookup;
import org.openects.codec.openects.OpenEctsCodec;
import org.openects.codec.openects.OpenEctsTcpProtocol;
import org.openects.codec.teltonika.TeltonikaCodec;
import org.openects.codec.teltonika.TeltonikaProtocol;

/** The protocols OpenECTS speaks, by name, as the {@code decode} command and the listeners' configuration know them. */
public final class Protocols {

    private Protocols() {}

    /**
     * Every codec for diagnosis, keyed by {@link FrameCodec#name()}: the signed protocols read their messages without
     * a key and say so ({@code trust: IDENTIFIED}), as the {@code decode} command needs.
     */
    public static Map<String, FrameCodec> all() {
        Map<String, FrameCodec> codecs = new TreeMap<>();
        for (FrameCodec codec : inspecting()) {
            codecs.put(codec.name(), codec);
        }
        return codecs;
    }

    /** What every protocol is, in the order the docs list them: the native protocol first, then by bearer. */
    public static List<ProtocolDescription> descriptions() {
        return Described.ALL;
    }

    /** The descriptions, made once (they are constants of the protocols; the codecs are built only to ask). */
    private static final class Described {
        static final List<ProtocolDescription> ALL =
                inspecting().stream().map(FrameCodec::description).toList();
    }

    /** The description of the protocol named {@code name}, if OpenECTS speaks it. */
    public static Optional<ProtocolDescription> description(String name) {
        return descriptions().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    private static List<FrameCodec> inspecting() {
        return List.of(
                OpenEctsCodec.inspecting(id -> null),
                IridiumSbdCodec.inspecting(id -> null),
                new Ais140Codec(),
                new JointechCodec(),
                new Jt808Codec(),
                new TeltonikaCodec());
    }

    /** The native codec that verifies every message under the device keys {@code keys} gives. */
    public static OpenEctsCodec openEcts(DeviceKeyLookup keys) {
        return new OpenEctsCodec(keys);
    }

    /** Every protocol devices speak over TCP, keyed by its codec's name; signed protocols verify under {@code keys}. */
    public static Map<String, StreamProtocol> streams(OpenEctsCodec openEcts) {
        Map<String, StreamProtocol> streams = new TreeMap<>();
        for (StreamProtocol protocol : List.<StreamProtocol>of(
                new OpenEctsTcpProtocol(openEcts),
                new IridiumSbdProtocol(new IridiumSbdCodec(openEcts)),
                new Ais140Protocol(),
                new JointechProtocol(),
                new Jt808Protocol(),
                new TeltonikaProtocol())) {
            streams.put(protocol.codec().name(), protocol);
        }
        return streams;
    }

    public static Optional<FrameCodec> byName(String name) {
        return Optional.ofNullable(all().get(name));
    }
}
