package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.ReplayWindow;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;
import org.openects.server.devices.DeviceActivity;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.devices.DeviceProfile;
import org.openects.server.devices.DeviceStatus;
import org.openects.server.ingress.internal.AdmissionPolicy.Candidate;
import org.openects.server.ingress.internal.AdmissionPolicy.Kind;
import org.openects.server.ingress.internal.AdmissionPolicy.Refusal;

/** Each admission policy on its own, then the list: their order, and that only what is admitted is recorded. */
class AdmissionPoliciesTest {

    static final String TELTONIKA = "teltonika";
    static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    /** The registry's memory, as admission reads it: statuses, profiles, persisted replay windows. */
    static final class Registry implements DeviceDirectory {
        final Map<DeviceId, DeviceStatus> statuses = new HashMap<>();
        final Map<DeviceId, DeviceProfile> profiles = new HashMap<>();
        final Map<DeviceId, Long> persisted = new HashMap<>();

        DeviceId register(String id, DeviceProfile profile) {
            DeviceId device = DeviceId.of(id);
            statuses.put(device, DeviceStatus.ACTIVE);
            profiles.put(device, profile);
            return device;
        }

        @Override
        public byte @Nullable [] keyOf(DeviceId deviceId) {
            return null;
        }

        @Override
        public byte @Nullable [] pendingKeyOf(DeviceId deviceId) {
            return null;
        }

        @Override
        public void pendingKeyProven(DeviceId deviceId, byte[] key) {}

        @Override
        public DeviceStatus statusOf(DeviceId deviceId) {
            return statuses.getOrDefault(deviceId, DeviceStatus.UNKNOWN);
        }

        @Override
        public @Nullable DeviceProfile profileOf(DeviceId deviceId) {
            return profiles.get(deviceId);
        }

        @Override
        public long persistedCounter(DeviceId deviceId) {
            return persisted.getOrDefault(deviceId, 0L);
        }

        @Override
        public ReplayWindow replayWindow(DeviceId deviceId) {
            return new ReplayWindow(persistedCounter(deviceId));
        }

        @Override
        public void recordActivity(Collection<DeviceActivity> activity) {}
    }

    final Registry registry = new Registry();
    final DeviceId nativeDevice = registry.register("NATIVE-1", new DeviceProfile(DeviceProfile.OPENECTS, null));
    final DeviceId legacyDevice = registry.register("LEGACY-1", new DeviceProfile(TELTONIKA, null));
    final DeviceId t622Device =
            registry.register("T622-1", new DeviceProfile(DeviceProfile.IRIDIUM, DeviceProfile.T622));
    final DeviceId iridiumNative =
            registry.register("SBD-1", new DeviceProfile(DeviceProfile.IRIDIUM, DeviceProfile.NATIVE));
    final Map<DeviceId, ReplayWindow> windows = new ConcurrentHashMap<>();
    final Map<DeviceId, RecentReadings> recent = new ConcurrentHashMap<>();

    Candidate reading(String protocol, DeviceId device, TrustLevel trust, long counter, Instant at) {
        Report report = Report.builder(device, at)
                .counter(counter)
                .trust(trust)
                .position(48.1, 11.5)
                .seal(SealState.CLOSED)
                .build();
        return new Candidate(protocol, device, registry.profileOf(device), Kind.READING, trust, counter, report);
    }

    Candidate counted(String protocol, DeviceId device, TrustLevel trust, long counter) {
        return new Candidate(protocol, device, registry.profileOf(device), Kind.COUNTED, trust, counter, null);
    }

    Candidate status(String protocol, DeviceId device) {
        return new Candidate(protocol, device, registry.profileOf(device), Kind.STATUS, null, -1, null);
    }

    static @Nullable RejectReason reason(@Nullable Refusal refusal) {
        return refusal == null ? null : refusal.reason();
    }

    @Test
    void registered_refuses_unknown_and_revoked_devices() {
        AdmissionPolicies.Registered policy = new AdmissionPolicies.Registered(registry);
        DeviceId stranger = DeviceId.of("STRANGER-1");
        registry.statuses.put(legacyDevice, DeviceStatus.REVOKED);

        assertThat(policy.check(status(TELTONIKA, nativeDevice))).isNull();
        Refusal unknown = policy.check(status(TELTONIKA, stranger));
        assertThat(reason(unknown)).isEqualTo(RejectReason.UNKNOWN_DEVICE);
        assertThat(unknown.detail()).contains("STRANGER-1", "not registered");
        Refusal revoked = policy.check(status(TELTONIKA, legacyDevice));
        assertThat(reason(revoked)).isEqualTo(RejectReason.REVOKED_DEVICE);
        assertThat(revoked.detail()).contains("LEGACY-1", "revoked");
    }

    @Test
    void registered_protocol_refuses_another_protocols_frame_but_lets_a_signing_device_use_both_native_bearers() {
        AdmissionPolicies.RegisteredProtocol policy = new AdmissionPolicies.RegisteredProtocol();

        assertThat(policy.check(status(TELTONIKA, legacyDevice))).isNull();
        Refusal foreign = policy.check(reading(TELTONIKA, nativeDevice, TrustLevel.IDENTIFIED, -1, T));
        assertThat(reason(foreign)).isEqualTo(RejectReason.WRONG_PROTOCOL);
        assertThat(foreign.detail()).contains("registered for openects, not teltonika");
        assertThat(reason(policy.check(status(DeviceProfile.OPENECTS, legacyDevice))))
                .as("a legacy device's id in a native frame")
                .isEqualTo(RejectReason.WRONG_PROTOCOL);

        assertThat(policy.check(status(DeviceProfile.IRIDIUM, nativeDevice)))
                .as("a native device over Iridium")
                .isNull();
        assertThat(policy.check(status(DeviceProfile.OPENECTS, iridiumNative)))
                .as("an Iridium native device over MQTT/HTTP/TCP")
                .isNull();
        assertThat(reason(policy.check(status(DeviceProfile.OPENECTS, t622Device))))
                .as("a T622 device signs nothing: only Iridium is its protocol")
                .isEqualTo(RejectReason.WRONG_PROTOCOL);
        assertThat(policy.check(status(TELTONIKA, DeviceId.of("STRANGER-1"))))
                .as("no profile: left to the registration check")
                .isNull();
    }

    @Test
    void iridium_payload_format_refuses_signed_native_messages_from_a_t622_device() {
        AdmissionPolicies.IridiumPayloadFormat policy = new AdmissionPolicies.IridiumPayloadFormat();

        Refusal signed = policy.check(reading(DeviceProfile.IRIDIUM, t622Device, TrustLevel.SIGNED, 5, T));
        assertThat(reason(signed)).isEqualTo(RejectReason.WRONG_PAYLOAD_FORMAT);
        assertThat(signed.detail()).contains("T622-1", "T622 payloads");
        assertThat(policy.check(reading(DeviceProfile.IRIDIUM, t622Device, TrustLevel.IDENTIFIED, -1, T)))
                .as("its T622 fixes")
                .isNull();
        assertThat(policy.check(reading(DeviceProfile.IRIDIUM, iridiumNative, TrustLevel.SIGNED, 5, T)))
                .as("a native-payload device")
                .isNull();
    }

    @Test
    void signed_when_device_signs_refuses_unsigned_readings_and_counted_messages_of_signing_devices() {
        AdmissionPolicies.SignedWhenDeviceSigns policy = new AdmissionPolicies.SignedWhenDeviceSigns();

        Refusal unsigned =
                policy.check(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.CHANNEL_AUTHENTICATED, 3, T));
        assertThat(reason(unsigned)).isEqualTo(RejectReason.UNSIGNED);
        assertThat(unsigned.detail()).contains("NATIVE-1", "unsigned reading", "CHANNEL_AUTHENTICATED");
        assertThat(reason(policy.check(counted(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.IDENTIFIED, 4))))
                .isEqualTo(RejectReason.UNSIGNED);
        Refusal t622Fix = policy.check(reading(DeviceProfile.IRIDIUM, iridiumNative, TrustLevel.IDENTIFIED, -1, T));
        assertThat(reason(t622Fix))
                .as("a T622 fix from a device registered for native payloads")
                .isEqualTo(RejectReason.UNSIGNED);
        assertThat(t622Fix.detail()).contains("native payloads");

        assertThat(policy.check(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 3, T)))
                .isNull();
        assertThat(policy.check(status(DeviceProfile.OPENECTS, nativeDevice)))
                .as("a status message carries no reading")
                .isNull();
        assertThat(policy.check(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T)))
                .as("a device that does not sign")
                .isNull();
    }

    @Test
    void fresh_counter_refuses_a_replayed_counter_and_records_what_it_admits() {
        registry.persisted.put(nativeDevice, 10L);
        AdmissionPolicies.FreshCounter policy = new AdmissionPolicies.FreshCounter(registry, windows);

        assertThat(policy.check(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 11, T)))
                .isNull();
        Refusal again = policy.check(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 11, T));
        assertThat(reason(again)).as("the same counter twice").isEqualTo(RejectReason.REPLAYED_COUNTER);
        assertThat(again.detail()).contains("already received (counter 11)");
        assertThat(reason(policy.check(counted(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 10))))
                .as("the counter persisted before a restart")
                .isEqualTo(RejectReason.REPLAYED_COUNTER);
        assertThat(policy.check(counted(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 12)))
                .isNull();
        assertThat(windows.get(nativeDevice).highest()).isEqualTo(12);

        assertThat(policy.check(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, 7, T)))
                .as("an unsigned reading is not screened by its counter")
                .isNull();
        assertThat(policy.check(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, 7, T)))
                .isNull();
        assertThat(windows).doesNotContainKey(legacyDevice);
    }

    @Test
    void first_reading_refuses_a_reading_without_a_counter_received_already() {
        AdmissionPolicies.FirstReading policy =
                new AdmissionPolicies.FirstReading(recent, device -> new RecentReadings());

        assertThat(policy.check(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T)))
                .isNull();
        Refusal twice = policy.check(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T));
        assertThat(reason(twice)).isEqualTo(RejectReason.DUPLICATE);
        assertThat(twice.detail()).contains("reading at " + T + " already received");
        assertThat(policy.check(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T.plusSeconds(1))))
                .as("the next reading")
                .isNull();

        assertThat(policy.check(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 5, T)))
                .as("a signed counted reading is screened by its counter instead")
                .isNull();
        assertThat(policy.check(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 5, T)))
                .isNull();
        assertThat(policy.check(status(TELTONIKA, legacyDevice))).isNull();
    }

    @Test
    void first_reading_starts_from_the_readings_persisted_before_a_restart() {
        Report before =
                reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T).report();
        AdmissionPolicies.FirstReading policy = new AdmissionPolicies.FirstReading(recent, device -> {
            RecentReadings restored = new RecentReadings();
            restored.firstTime(before);
            return restored;
        });

        assertThat(reason(policy.check(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T))))
                .isEqualTo(RejectReason.DUPLICATE);
    }

    @Test
    void the_list_applies_the_policies_in_order_and_records_nothing_a_policy_refuses() {
        AdmissionPolicies policies = new AdmissionPolicies(registry, windows, recent, device -> new RecentReadings());
        assertThat(policies.inOrder().stream().map(AdmissionPolicy::name).toList())
                .containsExactly(
                        "registered-and-not-revoked",
                        "registered-protocol",
                        "iridium-payload-format",
                        "signed-when-device-signs",
                        "fresh-counter",
                        "first-reading");

        registry.statuses.put(nativeDevice, DeviceStatus.REVOKED);
        assertThat(reason(policies.admit(reading(TELTONIKA, nativeDevice, TrustLevel.IDENTIFIED, -1, T))))
                .as("revoked comes before the wrong protocol")
                .isEqualTo(RejectReason.REVOKED_DEVICE);
        registry.statuses.put(nativeDevice, DeviceStatus.ACTIVE);

        assertThat(reason(policies.admit(
                        reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.CHANNEL_AUTHENTICATED, 20, T))))
                .isEqualTo(RejectReason.UNSIGNED);
        assertThat(windows).as("a refused message takes no counter").doesNotContainKey(nativeDevice);
        assertThat(policies.admit(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 20, T)))
                .isNull();
        assertThat(reason(policies.admit(reading(DeviceProfile.OPENECTS, nativeDevice, TrustLevel.SIGNED, 20, T))))
                .isEqualTo(RejectReason.REPLAYED_COUNTER);

        assertThat(reason(policies.admit(reading(DeviceProfile.OPENECTS, legacyDevice, TrustLevel.IDENTIFIED, -1, T))))
                .isEqualTo(RejectReason.WRONG_PROTOCOL);
        assertThat(recent).as("a refused reading is not remembered").doesNotContainKey(legacyDevice);
        assertThat(policies.admit(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T)))
                .isNull();
        assertThat(reason(policies.admit(reading(TELTONIKA, legacyDevice, TrustLevel.IDENTIFIED, -1, T))))
                .isEqualTo(RejectReason.DUPLICATE);
    }
}
