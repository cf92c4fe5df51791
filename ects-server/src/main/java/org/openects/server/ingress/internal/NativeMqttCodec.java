package org.openects.server.ingress.internal;

import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.openects.DecodeResult;
import org.openects.codec.openects.DeviceKeyLookup;
import org.openects.codec.openects.NativeReportCodec;

/** The native JSON protocol as a {@link FrameCodec}, for messages that arrive over MQTT. */
final class NativeMqttCodec implements FrameCodec {

    private final NativeReportCodec codec;

    NativeMqttCodec(DeviceKeyLookup keys) {
        this.codec = new NativeReportCodec(keys);
    }

    @Override
    public String name() {
        return "openects";
    }

    @Override
    public Decoded decode(byte[] frame, DecodeContext context) {
        return switch (codec.decode(frame, context.receivedAt(), context.channel())) {
            case DecodeResult.Accepted a ->
                Decoded.of(new DeviceMessage.Reports(a.report().deviceId(), java.util.List.of(a.report())));
            case DecodeResult.Rejected r -> Decoded.rejected(r.claimedDevice(), r.reason(), r.detail());
        };
    }
}
