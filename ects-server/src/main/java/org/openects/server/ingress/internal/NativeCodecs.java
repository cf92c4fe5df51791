package org.openects.server.ingress.internal;

import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.Protocols;
import org.openects.codec.StreamProtocol;
import org.openects.codec.openects.DeviceKeyLookup;
import org.openects.codec.openects.OpenEctsCodec;
import org.openects.domain.DeviceId;
import org.openects.server.devices.DeviceDirectory;
import org.springframework.stereotype.Component;

/**
 * The codecs the platform's transports use, wired to the device registry for keys: the current key, and the pending
 * key while an in-band rotation is open (both from memory); and what each protocol is ({@link ProtocolDescription}),
 * for the parts of ingress that treat protocols differently.
 */
@Component
class NativeCodecs {

    private final OpenEctsCodec openects;
    private final Map<String, StreamProtocol> streamProtocols;
    private final Map<String, ProtocolDescription> descriptions;

    NativeCodecs(DeviceDirectory devices) {
        this.openects = Protocols.openEcts(new DeviceKeyLookup() {
            @Override
            public byte @Nullable [] keyOf(DeviceId deviceId) {
                return devices.keyOf(deviceId);
            }

            @Override
            public byte @Nullable [] pendingKeyOf(DeviceId deviceId) {
                return devices.pendingKeyOf(deviceId);
            }

            @Override
            public void pendingKeyProven(DeviceId deviceId, byte[] key) {
                devices.pendingKeyProven(deviceId, key);
            }
        });
        this.streamProtocols = Map.copyOf(Protocols.streams(openects));
        this.descriptions = Protocols.descriptions().stream()
                .collect(Collectors.toUnmodifiableMap(ProtocolDescription::name, d -> d));
    }

    /** The native protocol (signed JSON, compact binary, batches), as it arrives over MQTT and HTTP. */
    FrameCodec openects() {
        return openects;
    }

    /** The protocols devices speak over TCP, by name. */
    Map<String, StreamProtocol> streamProtocols() {
        return streamProtocols;
    }

    /** Every protocol's description, by name (whatever its transports). */
    Map<String, ProtocolDescription> descriptions() {
        return descriptions;
    }

    /** The description of the protocol named {@code name}, or {@code null} when the platform speaks none by it. */
    @Nullable
    ProtocolDescription description(String name) {
        return descriptions.get(name);
    }
}
