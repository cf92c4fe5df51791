package org.openects.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.AckStatus;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.CompactProtocol;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.DownlinkResult;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.KeyWrap;
import org.openects.codec.openects.Uplink;
import org.openects.domain.DeviceId;
import org.openects.domain.LockState;

/**
 * The command side of a simulated e-seal's firmware, as device protocol sections 5, 6.2 and 8.1 ask of a device. It
 * verifies every message from its commands topic under its key and ignores what does not verify; carries out a
 * command only if its counter is above the highest it accepted and its validity has not passed by its clock (a repeat
 * of the last accepted command is acknowledged again with its first status, not carried out again); takes a new key
 * from a rotate-key command and acknowledges under it; and sets its clock from the answer to its latest time request.
 * It keeps what commands change: the lock, the reporting interval, the key, the clock offset.
 *
 * <p>Not thread safe: the simulator's ticking thread owns it.
 */
final class Firmware {

    private final DeviceId id;
    private byte[] key;
    private long highestCommand;
    private @Nullable AckStatus lastStatus;
    private LockState lock = LockState.LOCKED;
    private @Nullable Duration interval;
    private Duration clockOffset = Duration.ZERO;
    private long outstandingRequest = -1;
    private long requestedAtNanos;

    Firmware(DeviceId id, byte[] key) {
        this.id = id;
        this.key = key.clone();
    }

    /**
     * What the device does about one message: the acknowledgement to send (sign it with {@link #key()}, which is the
     * new key after a rotation), and whether to send a report now (a ping).
     */
    record Answer(Uplink.@Nullable Ack ack, boolean reportNow) {
        static final Answer NOTHING = new Answer(null, false);
    }

    /**
     * Handles one message from the commands topic.
     *
     * @param now the real time; the device's clock is this plus its offset
     * @param counters the device's uplink counter sequence (an acknowledgement takes the next)
     * @param nanoTime the device's monotonic clock ({@link System#nanoTime()})
     */
    Answer onDownlink(byte[] message, Instant now, LongSupplier counters, long nanoTime) {
        DownlinkResult result = message.length > 0 && CompactProtocol.isCompactTypeByte(message[0] & 0xff)
                ? CompactCodec.decodeDownlink(message, id, key)
                : JsonMessageCodec.decodeDownlink(message, id, key);
        if (!(result instanceof DownlinkResult.Accepted(Downlink downlink))) {
            return Answer.NOTHING;
        }
        return switch (downlink) {
            case Downlink.TimeResponse response -> {
                if (response.requestCounter() == outstandingRequest) {
                    Duration halfRoundTrip = Duration.ofNanos((nanoTime - requestedAtNanos) / 2);
                    clockOffset = Duration.between(now, response.platformTime().plus(halfRoundTrip));
                    outstandingRequest = -1;
                }
                yield Answer.NOTHING;
            }
            case Downlink.Command command -> carryOut(command, clock(now), counters);
        };
    }

    private Answer carryOut(Downlink.Command command, Instant deviceTime, LongSupplier counters) {
        AckStatus status;
        boolean reportNow = false;
        if (command.counter() == highestCommand && lastStatus != null) {
            status = lastStatus; // a redelivery: answered again, not carried out again
        } else if (command.counter() <= highestCommand) {
            status = AckStatus.STALE_COUNTER;
        } else if (deviceTime.isAfter(command.expiresAt())) {
            status = AckStatus.EXPIRED;
        } else {
            highestCommand = command.counter();
            status = AckStatus.DONE;
            switch (command.instruction()) {
                case Instruction.Ping ping -> reportNow = true;
                case Instruction.SetReportInterval set -> interval = set.interval();
                case Instruction.Unlock unlock -> lock = LockState.UNLOCKED;
                case Instruction.RotateKey rotate -> {
                    byte[] newKey = KeyWrap.unwrap(key, command.counter(), rotate.wrappedKey());
                    if (newKey == null) {
                        status = AckStatus.FAILED;
                    } else {
                        key = newKey;
                    }
                }
            }
            lastStatus = status;
        }
        return new Answer(new Uplink.Ack(id, counters.getAsLong(), deviceTime, command.counter(), status), reportNow);
    }

    /** A time request to send now; the answer to it (and only to the latest) sets the clock. */
    Uplink.TimeRequest timeRequest(Instant now, long counter, long nanoTime) {
        outstandingRequest = counter;
        requestedAtNanos = nanoTime;
        return new Uplink.TimeRequest(id, counter, clock(now));
    }

    /** The device clock at real time {@code now}. */
    Instant clock(Instant now) {
        return now.plus(clockOffset);
    }

    /** The key the device signs with now. */
    byte[] key() {
        return key.clone();
    }

    LockState lock() {
        return lock;
    }

    /** The reporting interval a command set, or {@code null} for the simulator's own pace. */
    @Nullable
    Duration interval() {
        return interval;
    }

    Duration clockOffset() {
        return clockOffset;
    }
}
