package org.openects.server.ingress.internal;

import java.util.Map;
import java.util.TreeMap;
import org.openects.codec.FrameCodec;
import org.openects.codec.Protocols;
import org.openects.codec.StreamProtocol;
import org.openects.server.devices.DeviceDirectory;
import org.springframework.stereotype.Component;

/** The codecs the platform's transports use, wired to the device registry for keys. */
@Component
class NativeCodecs {

    private final FrameCodec openects;
    private final Map<String, StreamProtocol> streamProtocols = new TreeMap<>();

    NativeCodecs(DeviceDirectory devices) {
        this.openects = new NativeMqttCodec(devices::keyOf);
        streamProtocols.putAll(Protocols.streams());
    }

    /** The native protocol (signed JSON; compact binary), as it arrives over MQTT and HTTP. */
    FrameCodec openects() {
        return openects;
    }

    /** The protocols devices speak over TCP, by name. */
    Map<String, StreamProtocol> streamProtocols() {
        return streamProtocols;
    }
}
