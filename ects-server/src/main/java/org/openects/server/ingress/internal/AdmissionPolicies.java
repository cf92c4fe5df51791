package org.openects.server.ingress.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openects.codec.Protocols;
import org.openects.codec.RejectReason;
import org.openects.codec.iridium.IridiumSbdCodec;
import org.openects.codec.openects.ReplayWindow;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.devices.DeviceProfile;

/**
 * The admission checks, in the order the pipeline applies them; the first refusal is the message's reason:
 *
 * <ol>
 *   <li>{@link Registered}: the device is registered and not revoked ({@code UNKNOWN_DEVICE}, {@code REVOKED_DEVICE});
 *   <li>{@link RegisteredProtocol}: the frame came in the protocol the device is registered for ({@code
 *       WRONG_PROTOCOL}); the native protocol and Iridium native payloads are one signed protocol over two bearers;
 *   <li>{@link IridiumPayloadFormat}: an Iridium device registered for T622 fixes sends no native messages ({@code
 *       WRONG_PAYLOAD_FORMAT});
 *   <li>{@link SignedWhenDeviceSigns}: a device registered as signing has its readings and counted messages signed
 *       ({@code UNSIGNED});
 *   <li>{@link FreshCounter}: a counter passes the device's replay window, and is recorded there ({@code
 *       REPLAYED_COUNTER});
 *   <li>{@link FirstReading}: a reading without a counter was not received already ({@code DUPLICATE}).
 * </ol>
 *
 * The last two record what they admit: they come last, so that nothing a later check refuses is recorded. Each is
 * tested on its own ({@code AdmissionPoliciesTest}); {@link FrameJudge} applies them to each message (each report of a
 * batch message) and {@link FrameTally} makes the frame's outcome of their refusals.
 *
 * <p>Screened at decode, by the codecs, before these policies (the message arrives refused, with its reason): the frame's
 * form, length and checksum ({@code MALFORMED}, {@code TRUNCATED}, {@code OVERSIZED}, {@code BAD_CHECKSUM}, {@code
 * UNSUPPORTED}); for signed protocols, that a key is known for the device ({@code UNKNOWN_DEVICE}) and that the
 * signature verifies under its current or pending key ({@code BAD_SIGNATURE}); coordinates on the globe ({@code
 * IMPOSSIBLE_COORDINATES}); the device clock within the window of {@code ects.ingress.device-time.*} ({@code
 * FUTURE_DATED}, {@code PAST_DATED}); split messages that never got whole ({@code INCOMPLETE}).
 */
final class AdmissionPolicies {

    private final List<AdmissionPolicy> policies;

    /**
     * The platform's policies, over the registry's memory and the pipeline's replay windows and recent readings.
     *
     * @param windows the replay window of each device that sent counted messages, made on first use
     * @param recent the recent readings of each device that sent readings without a counter, made on first use
     * @param restored makes a device's recent readings on first use, seeded with those persisted before a restart
     */
    AdmissionPolicies(
            DeviceDirectory devices,
            Map<DeviceId, ReplayWindow> windows,
            Map<DeviceId, RecentReadings> recent,
            Function<DeviceId, RecentReadings> restored) {
        this.policies = List.of(
                new Registered(devices),
                new RegisteredProtocol(),
                new IridiumPayloadFormat(),
                new SignedWhenDeviceSigns(),
                new FreshCounter(devices, windows),
                new FirstReading(recent, restored));
    }

    /** The policies, in the order they are applied. */
    List<AdmissionPolicy> inOrder() {
        return policies;
    }

    /** {@code null} when the candidate passes every policy; otherwise the first refusal. */
    AdmissionPolicy.@Nullable Refusal admit(AdmissionPolicy.Candidate candidate) {
        for (AdmissionPolicy policy : policies) {
            AdmissionPolicy.Refusal refusal = policy.check(candidate);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    /** The device is registered, and not revoked. */
    static final class Registered implements AdmissionPolicy {

        private final DeviceDirectory devices;

        Registered(DeviceDirectory devices) {
            this.devices = devices;
        }

        @Override
        public String name() {
            return "registered-and-not-revoked";
        }

        @Override
        public @Nullable Refusal check(Candidate c) {
            return switch (devices.statusOf(c.device())) {
                case ACTIVE -> null;
                case REVOKED -> new Refusal(RejectReason.REVOKED_DEVICE, "device " + c.device() + " is revoked");
                case UNKNOWN -> new Refusal(RejectReason.UNKNOWN_DEVICE, "device " + c.device() + " is not registered");
            };
        }
    }

    /**
     * The frame came in the protocol the device is registered for: a frame of another protocol carrying its id (an
     * unsigned AIS-140, Jointech, JT/T 808 or Teltonika frame naming a native device) is not its own. The native
     * protocol ({@code openects}: MQTT, HTTP, TCP) and Iridium native payloads are the same signed messages over two
     * bearers: a signing device registered for either may use both.
     */
    static final class RegisteredProtocol implements AdmissionPolicy {

        @Override
        public String name() {
            return "registered-protocol";
        }

        @Override
        public @Nullable Refusal check(Candidate c) {
            DeviceProfile profile = c.profile();
            if (profile == null || profile.protocol().equals(c.protocol())) {
                return null;
            }
            if (profile.signs() && nativeCarrier(c.protocol())) {
                return null;
            }
            return new Refusal(
                    RejectReason.WRONG_PROTOCOL,
                    "device " + c.device() + " is registered for " + profile.protocol() + ", not " + c.protocol());
        }

        /** Whether the protocol carries signed native messages, as its description says. */
        private static boolean nativeCarrier(String protocol) {
            return Protocols.description(protocol)
                    .map(d -> d.trust().contains(TrustLevel.SIGNED))
                    .orElse(false);
        }
    }

    /**
     * An Iridium device registered for T622 fixes sends no native (signed) messages over SBD; one registered for
     * native messages has its T622 fixes refused by {@link SignedWhenDeviceSigns}, as unsigned.
     */
    static final class IridiumPayloadFormat implements AdmissionPolicy {

        @Override
        public String name() {
            return "iridium-payload-format";
        }

        @Override
        public @Nullable Refusal check(Candidate c) {
            DeviceProfile profile = c.profile();
            if (profile == null
                    || !c.protocol().equals(IridiumSbdCodec.NAME)
                    || !DeviceProfile.T622.equals(profile.payloadFormat())
                    || c.trust() != TrustLevel.SIGNED) {
                return null;
            }
            return new Refusal(
                    RejectReason.WRONG_PAYLOAD_FORMAT,
                    "device " + c.device() + " is registered for T622 payloads, not native messages");
        }
    }

    /**
     * A device registered as signing (native protocol, Iridium native payloads) has every reading and every counted
     * message signed under its key; status messages (a native hello, the Iridium gateway's session notes) carry no
     * reading and pass.
     */
    static final class SignedWhenDeviceSigns implements AdmissionPolicy {

        @Override
        public String name() {
            return "signed-when-device-signs";
        }

        @Override
        public @Nullable Refusal check(Candidate c) {
            DeviceProfile profile = c.profile();
            if (profile == null || !profile.signs() || c.kind() == Kind.STATUS || c.trust() == TrustLevel.SIGNED) {
                return null;
            }
            return new Refusal(
                    RejectReason.UNSIGNED,
                    "device " + c.device() + " signs its messages (" + profile.protocol()
                            + (profile.payloadFormat() == null ? "" : ", " + profile.payloadFormat() + " payloads")
                            + "): an unsigned " + (c.kind() == Kind.READING ? "reading" : "message") + " ("
                            + c.trust() + ") is refused");
        }
    }

    /**
     * A counted message (a signed report with a counter, a native acknowledgement or time request) passes the device's
     * replay window, which records its counter.
     */
    static final class FreshCounter implements AdmissionPolicy {

        private final DeviceDirectory devices;
        private final Map<DeviceId, ReplayWindow> windows;

        FreshCounter(DeviceDirectory devices, Map<DeviceId, ReplayWindow> windows) {
            this.devices = devices;
            this.windows = windows;
        }

        @Override
        public String name() {
            return "fresh-counter";
        }

        /** Whether the candidate is screened by its counter (else, for readings, by {@link FirstReading}). */
        static boolean applies(Candidate c) {
            return c.kind() == Kind.COUNTED
                    || (c.kind() == Kind.READING && c.trust() == TrustLevel.SIGNED && c.counter() >= 0);
        }

        @Override
        public @Nullable Refusal check(Candidate c) {
            if (!applies(c)) {
                return null;
            }
            DeviceId device = c.device();
            ReplayWindow window = windows.computeIfAbsent(device, devices::replayWindow);
            synchronized (window) {
                if (window.accept(c.counter())) {
                    return null;
                }
            }
            Report report = c.report();
            return new Refusal(
                    RejectReason.REPLAYED_COUNTER,
                    report != null
                            ? "reading at " + report.deviceTime() + " already received (counter " + report.counter()
                                    + ")"
                            : "counter " + c.counter() + " already seen or older than the window");
        }
    }

    /**
     * A reading without a counter (legacy protocols, unsigned Iridium fixes) was not received already: buffered
     * history sent twice is refused as a duplicate.
     */
    static final class FirstReading implements AdmissionPolicy {

        private final Map<DeviceId, RecentReadings> recent;
        private final Function<DeviceId, RecentReadings> restored;

        FirstReading(Map<DeviceId, RecentReadings> recent, Function<DeviceId, RecentReadings> restored) {
            this.recent = recent;
            this.restored = restored;
        }

        @Override
        public String name() {
            return "first-reading";
        }

        @Override
        public @Nullable Refusal check(Candidate c) {
            Report report = c.report();
            if (c.kind() != Kind.READING || report == null || FreshCounter.applies(c)) {
                return null;
            }
            RecentReadings readings = recent.computeIfAbsent(c.device(), restored);
            synchronized (readings) {
                if (readings.firstTime(report)) {
                    return null;
                }
            }
            return new Refusal(
                    RejectReason.DUPLICATE,
                    "reading at " + report.deviceTime() + " already received (counter " + report.counter() + ")");
        }
    }
}
