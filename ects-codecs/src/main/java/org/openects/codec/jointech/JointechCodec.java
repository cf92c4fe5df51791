package org.openects.codec.jointech;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jointech JT600 / JT701 e-lock protocol ({@code jt600}): binary frames starting with {@code $} and text frames
 * in parentheses, which one connection may mix. Lock, steel-rope seal, back cover and unlock attempts come out as
 * named fields of the {@link org.openects.domain.Report}; the reply is the acknowledgement the device waits for
 * ({@code (P35)} or {@code (P69,0,serial)} for alarms and unlock events). Stateless and thread safe.
 */
public final class JointechCodec implements FrameCodec {

    /** The protocol's name for the {@code decode} command and the listener configuration. */
    public static final String NAME = "jt600";

    /** The longest frame accepted; the frame decoder cuts longer ones to this length. */
    public static final int MAX_FRAME_BYTES = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(JointechCodec.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProtocolDescription description() {
        return JointechProtocol.DESCRIPTION;
    }

    @Override
    public Decoded decode(byte[] frame, DecodeContext context) {
        return context.screenDeviceTimes(decodeFrame(frame, context));
    }

    private Decoded decodeFrame(byte[] frame, DecodeContext context) {
        try {
            if (frame.length == 0) {
                return Decoded.rejected(context.sessionDevice(), RejectReason.MALFORMED, "empty frame");
            }
            if (frame.length > MAX_FRAME_BYTES) {
                return Decoded.rejected(
                        context.sessionDevice(),
                        RejectReason.OVERSIZED,
                        frame.length + " bytes, more than " + MAX_FRAME_BYTES);
            }
            return switch (frame[0]) {
                case '$' -> {
                    int declared = JointechBinary.declaredLength(frame, 0, frame.length);
                    if (declared > MAX_FRAME_BYTES) {
                        yield Decoded.rejected(
                                deviceOf(frame, context),
                                RejectReason.OVERSIZED,
                                "header declares " + declared + " bytes, more than " + MAX_FRAME_BYTES);
                    }
                    yield JointechBinary.decode(frame, context);
                }
                case '(' -> {
                    if (frame.length == MAX_FRAME_BYTES && frame[frame.length - 1] != ')') {
                        yield Decoded.rejected(
                                deviceOf(frame, context),
                                RejectReason.OVERSIZED,
                                "text frame without ')' within " + MAX_FRAME_BYTES + " bytes");
                    }
                    yield JointechText.decode(frame, context);
                }
                default ->
                    Decoded.rejected(
                            context.sessionDevice(), RejectReason.MALFORMED, "bytes that do not start with '$' or '('");
            };
        } catch (RejectedFrame e) {
            return Decoded.rejected(deviceOf(frame, context), e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Jointech decoder fault on a {}-byte frame", frame.length, e);
            return Decoded.rejected(deviceOf(frame, context), RejectReason.MALFORMED, "decoder fault: " + e);
        }
    }

    /** The device a frame names, as far as it can be read, else the connection's device. */
    static @Nullable DeviceId deviceOf(byte[] frame, DecodeContext context) {
        if (frame.length >= 6 && frame[0] == '$') {
            String id = Bcd.text(frame, 1, 5);
            if (id != null) {
                return DeviceId.of(id);
            }
        } else if (frame.length > 1 && frame[0] == '(') {
            int comma = 1;
            while (comma < frame.length && comma < 40 && frame[comma] != ',') {
                comma++;
            }
            String id = new String(frame, 1, comma - 1, StandardCharsets.US_ASCII);
            if (comma < frame.length && frame[comma] == ',' && DeviceId.isValid(id)) {
                return DeviceId.of(id);
            }
        }
        return context.sessionDevice();
    }
}
