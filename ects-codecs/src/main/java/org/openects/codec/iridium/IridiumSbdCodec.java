package org.openects.codec.iridium;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.FrameCodec.DeviceReply;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.CompactProtocol;
import org.openects.codec.openects.DeviceKeyLookup;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.codec.openects.OpenEctsCodec;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

/**
 * Iridium SBD DirectIP mobile-originated messages ({@code iridium}): one frame is one message from the gateway. The
 * device is the modem's IMEI. The payload is read by kind (see {@code docs/protocols/iridium-sbd.md}): exactly 19
 * bytes is a T622 fix; a first byte {@code 0xE0-0xEF} is a native compact message, verified under the IMEI's key by
 * {@link OpenEctsCodec}; anything else is kept undecoded and described. The location element is the network's
 * estimate of the modem's position, not a fix: it becomes a report with {@code validFix = false} only when the
 * payload gave no report, and its CEP radius is told in a {@link DeviceMessage.Health} detail. Every message that
 * arrived whole with a readable header is confirmed (IEI 0x05, status 1), whatever its payload: the bytes are
 * archived, and a retry by the gateway would not change them. The time response to a verified compact time request
 * cannot go back on the gateway's connection: it comes as the {@link Decoded#deviceReply()}, for the platform to send
 * as a mobile-terminated message. Channel {@code SATELLITE}. Thread safe.
 */
public final class IridiumSbdCodec implements FrameCodec {

    /** The protocol's name for the {@code decode} command and the configuration. */
    public static final String NAME = "iridium";

    private static final HexFormat HEX = HexFormat.of();

    private final OpenEctsCodec openEcts;
    private final Duration maxClockAhead = NativeReportCodec.DEFAULT_MAX_CLOCK_AHEAD;

    /** The ingestion codec: compact payloads verified under the key registered for the modem's IMEI. */
    public IridiumSbdCodec(DeviceKeyLookup keys) {
        this(new OpenEctsCodec(keys));
    }

    /** With the given native codec for compact payloads. */
    public IridiumSbdCodec(OpenEctsCodec openEcts) {
        this.openEcts = Objects.requireNonNull(openEcts);
    }

    /** The diagnosis codec: compact payloads of modems without a key are read unverified (trust IDENTIFIED). */
    public static IridiumSbdCodec inspecting(DeviceKeyLookup keys) {
        return new IridiumSbdCodec(OpenEctsCodec.inspecting(keys));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProtocolDescription description() {
        return IridiumSbdProtocol.DESCRIPTION;
    }

    @Override
    public Decoded decode(byte[] frame, DecodeContext context) {
        DirectIp.Parsed parsed = DirectIp.parse(frame);
        return switch (parsed) {
            case DirectIp.Parsed.Failure f -> {
                DirectIpMessage.Header header = f.header();
                DeviceId device = header == null ? null : DeviceId.of(header.imei());
                boolean whole = f.reason() == RejectReason.MALFORMED && header != null;
                yield Decoded.of(
                        new DeviceMessage.Rejected(device, f.reason(), "DirectIP: " + f.detail()),
                        whole ? DirectIp.confirmation(true) : null);
            }
            case DirectIp.Parsed.Message m -> context.screenDeviceTimes(decoded(m.message(), context));
        };
    }

    /**
     * One whole DirectIP message: its messages, the gateway's confirmation, and the time response owed to the modem
     * when its payload was a verified time request.
     */
    private Decoded decoded(DirectIpMessage message, DecodeContext context) {
        DirectIpMessage.Header header = message.header();
        DeviceId device = DeviceId.of(header.imei());
        List<DeviceMessage> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        DeviceReply timeResponse = null;
        if (header.sessionStatus() != 0) {
            notes.add("session status " + header.sessionStatus());
        }
        byte[] payload = message.payload();
        if (payload == null) {
            notes.add("no payload");
        } else {
            PayloadKind kind = PayloadKind.of(payload);
            switch (kind) {
                case T622 -> out.add(t622(device, Objects.requireNonNull(T622Payload.parse(payload)), context));
                case COMPACT -> {
                    DecodeContext payloadContext = new DecodeContext(context.receivedAt(), Channel.SATELLITE)
                            .deviceTimes(context.deviceTimes());
                    payloadContext.sessionDevice(device);
                    Decoded compact = openEcts.decode(payload, payloadContext);
                    out.addAll(compact.messages());
                    byte[] response = compact.reply();
                    if (response != null) {
                        // The gateway's connection carries only its confirmation: the response goes out as MT.
                        timeResponse = new DeviceReply(device, response);
                    }
                }
                case UNKNOWN ->
                    notes.add("payload of " + payload.length + " bytes in no known format: " + HEX.formatHex(payload));
            }
        }
        DirectIpMessage.Location location = message.location();
        if (location != null) {
            notes.add(String.format(
                    Locale.ROOT,
                    "network estimate of the modem's position %.5f, %.5f within %d km (CEP), not a GNSS fix",
                    location.latitude(),
                    location.longitude(),
                    location.cepRadiusKm()));
            boolean hasReport = out.stream().anyMatch(DeviceMessage.Reports.class::isInstance);
            if (!hasReport) {
                out.add(new DeviceMessage.Reports(
                        device,
                        List.of(Report.builder(device, header.sessionTime())
                                .receivedAt(context.receivedAt())
                                .position(new GeoPosition(location.latitude(), location.longitude()), false)
                                .channel(Channel.SATELLITE)
                                .trust(TrustLevel.IDENTIFIED)
                                .build())));
            }
        }
        if (!notes.isEmpty() || out.isEmpty()) {
            notes.addFirst("SBD MOMSN " + header.momsn() + " at " + header.sessionTime());
            out.add(new DeviceMessage.Health(device, null, null, String.join("; ", notes)));
        }
        return new Decoded(out, DirectIp.confirmation(true), timeResponse);
    }

    private DeviceMessage t622(DeviceId device, T622Payload fix, DecodeContext context) {
        if (fix.time().isAfter(context.receivedAt().plus(maxClockAhead))) {
            return new DeviceMessage.Rejected(
                    device,
                    RejectReason.FUTURE_DATED,
                    "T622 fix time " + fix.time() + " is ahead of receipt " + context.receivedAt());
        }
        Report report = Report.builder(device, fix.time())
                .receivedAt(context.receivedAt())
                .position(new GeoPosition(fix.latitude(), fix.longitude()), fix.validFix())
                .speedKmh((double) fix.speedKmh())
                .channel(Channel.SATELLITE)
                .trust(TrustLevel.IDENTIFIED)
                .build();
        return new DeviceMessage.Reports(device, List.of(report));
    }

    /** How a payload is told apart, in this order. */
    enum PayloadKind {
        /** Exactly 19 bytes with a validity byte of 0 or 1 and coordinates on the globe. */
        T622,
        /** First byte 0xE0-0xEF (no compact uplink message sent over SBD has 19 bytes). */
        COMPACT,
        UNKNOWN;

        static PayloadKind of(byte[] payload) {
            if (payload.length == T622Payload.LENGTH && T622Payload.parse(payload) != null) {
                return T622;
            }
            return CompactProtocol.isCompactTypeByte(payload[0] & 0xff) ? COMPACT : UNKNOWN;
        }
    }

    /** For tests: the kind a payload is read as. */
    static String kindOf(byte @Nullable [] payload) {
        return payload == null || payload.length == 0
                ? "NONE"
                : PayloadKind.of(payload).name();
    }
}
