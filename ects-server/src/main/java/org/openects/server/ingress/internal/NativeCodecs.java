package org.openects.server.ingress.internal;

import java.util.Map;
import org.openects.codec.FrameCodec;
import org.openects.codec.Protocols;
import org.openects.codec.StreamProtocol;
import org.openects.codec.openects.OpenEctsCodec;
import org.openects.server.devices.DeviceDirectory;
import org.springframework.stereotype.Component;

/** The codecs the platform's transports use, wired to the device registry for keys. */
@Component
class NativeCodecs {

    private final OpenEctsCodec openects;
    private final Map<String, StreamProtocol> streamProtocols;

    NativeCodecs(DeviceDirectory devices) {
        this.openects = Protocols.openEcts(devices::keyOf);
        this.streamProtocols = Map.copyOf(Protocols.streams(openects));
    }

    /** The native protocol (signed JSON, compact binary, batches), as it arrives over MQTT and HTTP. */
    FrameCodec openects() {
        return openects;
    }

    /** The protocols devices speak over TCP, by name. */
    Map<String, StreamProtocol> streamProtocols() {
        return streamProtocols;
    }
}
