package org.openects.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The protocols OpenECTS speaks, by name, as the {@code decode} command and the listeners' configuration know them. */
public final class Protocols {

    private Protocols() {}

    /** Every codec, keyed by {@link FrameCodec#name()}. */
    public static Map<String, FrameCodec> all() {
        Map<String, FrameCodec> codecs = new TreeMap<>();
        for (FrameCodec codec : List.<FrameCodec>of()) {
            codecs.put(codec.name(), codec);
        }
        return codecs;
    }

    public static Optional<FrameCodec> byName(String name) {
        return Optional.ofNullable(all().get(name));
    }
}
