package org.openects.codec.openects;

import java.time.Instant;
import java.util.List;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;

/**
 * A native protocol message from a device to the platform, whatever its encoding. Every signed uplink carries
 * counters from the device's one uplink sequence; the caller screens each with the device's {@link ReplayWindow}.
 */
public sealed interface Uplink {

    DeviceId deviceId();

    /** The counters to screen against replay, in message order (none for a hello). */
    List<Long> counters();

    /** One report or a batch of them. */
    record Reports(DeviceId deviceId, List<Report> reports) implements Uplink {
        public Reports {
            reports = List.copyOf(reports);
        }

        @Override
        public List<Long> counters() {
            return reports.stream().map(Report::counter).toList();
        }
    }

    /**
     * The device's answer to the command with counter {@code commandCounter}.
     *
     * @param counter the ack's own counter, from the device's uplink sequence
     * @param deviceTime when the device acted, its clock
     */
    record Ack(DeviceId deviceId, long counter, Instant deviceTime, long commandCounter, AckStatus status)
            implements Uplink {
        @Override
        public List<Long> counters() {
            return List.of(counter);
        }
    }

    /** The device asks for the platform's time; {@code deviceTime} is its clock when it asked. */
    record TimeRequest(DeviceId deviceId, long counter, Instant deviceTime) implements Uplink {
        @Override
        public List<Long> counters() {
            return List.of(counter);
        }
    }

    /** The device names itself on a connection; not signed, it only says under which key what follows must verify. */
    record Hello(DeviceId deviceId) implements Uplink {
        @Override
        public List<Long> counters() {
            return List.of();
        }
    }
}
