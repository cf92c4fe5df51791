package org.openects.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openects.codec.jointech.JointechCodec;
import org.openects.codec.jointech.JointechProtocol;
import org.openects.codec.jt808.Jt808Codec;
import org.openects.codec.jt808.Jt808Protocol;

/** The protocols OpenECTS speaks, by name, as the {@code decode} command and the listeners' configuration know them. */
public final class Protocols {

    private Protocols() {}

    /** Every codec, keyed by {@link FrameCodec#name()}. */
    public static Map<String, FrameCodec> all() {
        Map<String, FrameCodec> codecs = new TreeMap<>();
        for (FrameCodec codec : List.<FrameCodec>of(new JointechCodec(), new Jt808Codec())) {
            codecs.put(codec.name(), codec);
        }
        return codecs;
    }

    /** Every protocol devices speak over TCP, keyed by its codec's name. */
    public static Map<String, StreamProtocol> streams() {
        Map<String, StreamProtocol> streams = new TreeMap<>();
        for (StreamProtocol protocol : List.<StreamProtocol>of(new JointechProtocol(), new Jt808Protocol())) {
            streams.put(protocol.codec().name(), protocol);
        }
        return streams;
    }

    public static Optional<FrameCodec> byName(String name) {
        return Optional.ofNullable(all().get(name));
    }
}
