package org.openects.codec.openects;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

/**
 * Encoder and decoder of native protocol version 0 reports: a JWS compact serialization (RFC 7515) signed with
 * HS256 under the device's own key. The format is specified in {@code docs/device-protocol.md}; the JWS itself is
 * {@link JwsMessage}'s, the payload {@link ReportPayload}'s.
 *
 * <p>{@link #decode} checks, in this order, the size, the JWS structure and header, that the device is known, the
 * signature (in constant time, before the payload is parsed), the payload fields, the coordinates and the device
 * clock. It never throws for bad input: a report comes back as {@link DeviceMessage.Reports} of one report with trust
 * {@code SIGNED}, anything else as {@link DeviceMessage.Rejected} with its reason.
 *
 * <p><b>Replay is not checked here.</b> Decoding is stateless so that any thread can decode any message; the counter
 * must then be screened by the device's {@link ReplayWindow} in the one place that handles that device's messages in
 * order. Only a verified counter may move a window, which is why the check comes after the signature and not before.
 *
 * <p>Thread safe.
 */
public final class NativeReportCodec {

    /** How far a device clock may run ahead of the receive time when none is configured. */
    public static final Duration DEFAULT_MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

    private final DeviceKeyLookup keys;
    private final Duration maxClockAhead;

    /** A codec with the default allowed clock skew of {@link #DEFAULT_MAX_CLOCK_AHEAD}. */
    public NativeReportCodec(DeviceKeyLookup keys) {
        this(keys, DEFAULT_MAX_CLOCK_AHEAD);
    }

    /**
     * @param keys where device keys are found
     * @param maxClockAhead how far a device time may be after the receive time before the report is {@link
     *     RejectReason#FUTURE_DATED}
     */
    public NativeReportCodec(DeviceKeyLookup keys, Duration maxClockAhead) {
        if (maxClockAhead.isNegative()) {
            throw new IllegalArgumentException("clock skew allowance must not be negative: " + maxClockAhead);
        }
        this.keys = Objects.requireNonNull(keys);
        this.maxClockAhead = maxClockAhead;
    }

    /** A codec for the signing side only (a device or the simulator): every decode is {@link RejectReason#UNKNOWN_DEVICE}. */
    public static NativeReportCodec signer() {
        return new NativeReportCodec(id -> null);
    }

    /**
     * Encodes and signs a report as a device would. Uses the report's device id, counter (must be ≥ 0), device time,
     * position and fix, speed, seal, battery, history flag and alarms; receive time, channel, trust and archive id are
     * the receiver's business and are not sent.
     *
     * @param key the device's key
     * @return the ASCII bytes of the JWS compact message
     * @throws IllegalArgumentException if the counter is negative or the key empty
     */
    public byte[] encode(Report report, byte[] key) {
        if (report.counter() < 0) {
            throw new IllegalArgumentException("a native report needs a counter ≥ 0: " + report.counter());
        }
        byte[] message =
                JwsMessage.sign(NativeProtocol.REPORT_TYPE, report.deviceId(), ReportPayload.write(report), key);
        if (message.length > NativeProtocol.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("encoded report exceeds " + NativeProtocol.MAX_MESSAGE_BYTES + " bytes");
        }
        return message;
    }

    /**
     * Decodes and verifies one message. Does not check the counter against replay: see the class documentation.
     *
     * @param message the bytes as received
     * @param receivedAt when the platform received them; becomes the report's receive time and the reference for
     *     {@link RejectReason#FUTURE_DATED}
     * @param channel the bearer the message came over; recorded in the report
     */
    public DeviceMessage decode(byte[] message, Instant receivedAt, Channel channel) {
        return decode(message, receivedAt, channel, true);
    }

    /**
     * Decodes one message for diagnosis (the {@code decode} command): verifies the signature when a key is known for
     * the device, and otherwise reads the payload unverified and returns the report with trust {@code IDENTIFIED}.
     * Never for ingestion.
     */
    public DeviceMessage inspect(byte[] message, Instant receivedAt, Channel channel) {
        return decode(message, receivedAt, channel, false);
    }

    private DeviceMessage decode(byte[] message, Instant receivedAt, Channel channel, boolean keyRequired) {
        try {
            return decode(JwsMessage.parse(message), receivedAt, channel, keyRequired);
        } catch (Refusal refusal) {
            return refusal.rejection(null);
        }
    }

    /**
     * Decodes a report whose header was read already (by {@link OpenEctsCodec}'s dispatch).
     *
     * @throws Refusal when it is no report, not signed by its device's key or not plausible
     */
    DeviceMessage.Reports decode(JwsMessage jws, Instant receivedAt, Channel channel, boolean keyRequired) {
        DeviceId device = jws.device();
        if (!NativeProtocol.REPORT_TYPE.equals(jws.typ())) {
            throw new Refusal(
                    RejectReason.MALFORMED, "typ must be " + NativeProtocol.REPORT_TYPE + ", got " + jws.typ(), device);
        }
        byte[] key = keys.keyOf(device);
        boolean verify = key != null && key.length > 0;
        if (!verify && keyRequired) {
            throw new Refusal(RejectReason.UNKNOWN_DEVICE, "no key registered for device " + device, device);
        }
        if (!jws.signatureWellFormed()) {
            throw new Refusal(
                    RejectReason.MALFORMED,
                    "signature must be " + JwsMessage.SIGNATURE_CHARS + " base64url characters, got "
                            + jws.signatureLength(),
                    device);
        }
        if (verify && !jws.verify(Objects.requireNonNull(key))) {
            throw new Refusal(
                    RejectReason.BAD_SIGNATURE, "signature does not match the key of device " + device, device);
        }
        byte[] payload = JwsMessage.scratchBuffer();
        int length = jws.decodePayload(payload);
        Report report = ReportPayload.read(
                payload,
                length,
                device,
                receivedAt,
                maxClockAhead,
                channel,
                verify ? TrustLevel.SIGNED : TrustLevel.IDENTIFIED);
        return new DeviceMessage.Reports(device, List.of(report));
    }
}
