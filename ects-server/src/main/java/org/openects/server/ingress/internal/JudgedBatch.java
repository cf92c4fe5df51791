package org.openects.server.ingress.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.devices.DeviceActivity;
import org.openects.server.ingress.CommandAckListener;

/**
 * What the {@link FrameJudge} made of one batch of inbound messages, to be archived in one transaction and then told:
 * the archive rows, the accepted reports (for monitoring), each device's activity (for the registry) and the command
 * acknowledgements (for the listeners, once archived).
 */
final class JudgedBatch {

    final List<ArchivedMessage> archived;
    final List<Report> reports;
    final Map<DeviceId, DeviceActivity> activity = new HashMap<>();
    /** The command acknowledgements accepted in the batch. */
    final List<CommandAckListener.Ack> acks = new ArrayList<>();
    /** The answers of JT/T 808 terminals to platform messages accepted in the batch. */
    final List<CommandAckListener.TerminalAck> terminalAcks = new ArrayList<>();

    JudgedBatch(int size) {
        this.archived = new ArrayList<>(size);
        this.reports = new ArrayList<>(size);
    }

    /**
     * Notes that the device was heard from: its highest counter, the time and (when the message tells) its battery,
     * merged with what the batch noted before.
     */
    void noteActivity(DeviceId device, long counter, Instant receivedAt, @Nullable Integer battery) {
        activity.merge(
                device,
                new DeviceActivity(device, Math.max(counter, 0), receivedAt, battery),
                (old, now) -> new DeviceActivity(
                        device,
                        Math.max(old.highestCounter(), now.highestCounter()),
                        now.seenAt(),
                        now.batteryPercent() != null ? now.batteryPercent() : old.batteryPercent()));
    }
}
