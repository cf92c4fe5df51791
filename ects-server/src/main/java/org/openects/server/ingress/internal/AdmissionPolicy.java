package org.openects.server.ingress.internal;

import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import org.openects.server.devices.DeviceProfile;

/**
 * One named check a decoded message must pass before it is admitted (its reports go to monitoring, its activity to
 * the registry). The pipeline applies the policies of {@link AdmissionPolicies} in their order; the first refusal
 * wins and is archived with the message. Policies run on the ingest partitions: from memory only, never blocking.
 */
interface AdmissionPolicy {

    /** The policy's name, as the docs and the logs call it. */
    String name();

    /** {@code null} when the candidate passes this check; otherwise why it is refused. */
    @Nullable
    Refusal check(Candidate candidate);

    /** What a message is, for admission. */
    enum Kind {
        /** A reading (position or sensor report). */
        READING,
        /** A message numbered from the device's uplink counter (native command acknowledgement, time request). */
        COUNTED,
        /** A message that carries no reading (login, heartbeat, health, legacy command answer, split-message part). */
        STATUS
    }

    /**
     * One message (or one report of a batch) up for admission.
     *
     * @param protocol the codec it was read with ({@code openects}, {@code ais140}, …, {@code iridium})
     * @param device the device it names
     * @param profile what the registry says of that device (protocol, payload format), {@code null} when unknown
     * @param kind what it is
     * @param trust how far it is trusted: {@code null} for status messages, which carry none
     * @param counter its uplink counter, or {@code -1} when it has none
     * @param report the report, for readings; {@code null} otherwise
     */
    record Candidate(
            String protocol,
            DeviceId device,
            @Nullable DeviceProfile profile,
            Kind kind,
            @Nullable TrustLevel trust,
            long counter,
            @Nullable Report report) {}

    /**
     * Why a candidate is refused.
     *
     * @param reason the stable reason, archived and counted
     * @param detail what an operator reads, naming the device and the rule
     */
    record Refusal(RejectReason reason, String detail) {}
}
