package org.openects.codec.jt808;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;

/**
 * One connection's JT/T 808 sub-packages waiting for the rest of their message (JT/T 808-2013 §7.12: a long message
 * is sent as packets with consecutive serials, each header carrying the packet count and the packet's number from 1).
 * Packets are kept as the unescaped messages they arrived in (no copy) until the last one arrives; the whole body is
 * then put together once. Bounded by {@link SubPackageLimits}: packets per message, bytes per message, messages
 * waiting, and time. Sets that end without being whole become {@link RejectReason#INCOMPLETE} rejections that carry
 * the frames of the packets received (rebuilt from the kept messages, byte for byte as they arrived), collected as
 * notices that the codec hands out with the next decoded frame (or when the connection ends). Not thread safe;
 * lives in the connection's {@link org.openects.codec.DecodeContext}.
 */
final class Jt808Reassembler {

    /** How many recently completed messages are remembered, so that a resent packet of one is not a new set. */
    private static final int COMPLETED_MEMORY = 8;

    private final SubPackageLimits limits;
    private final List<Partial> partials = new ArrayList<>(2);
    private final @Nullable Key[] completed = new Key[COMPLETED_MEMORY];
    private final @Nullable Instant[] completedAt = new Instant[COMPLETED_MEMORY];
    private int nextCompleted;
    private final List<DeviceMessage> notices = new ArrayList<>(0);

    Jt808Reassembler(SubPackageLimits limits) {
        this.limits = limits;
    }

    /** A split message: terminal, message id, packet count, serial of packet 1. */
    record Key(DeviceId device, int messageId, int packets, int firstSerial) {

        static Key of(Jt808Header h) {
            return new Key(h.device(), h.messageId(), h.packets(), (h.serial() - (h.packet() - 1)) & 0xffff);
        }

        @Override
        public String toString() {
            return String.format("message 0x%04X serial %d from %s", messageId, firstSerial, device.value());
        }
    }

    /** What became of one offered packet. */
    sealed interface Offer {

        /** Kept; the message still misses {@code missing} packets. */
        record Kept(Key key, int missing) implements Offer {}

        /** The same packet again, with the same body (a resend): nothing changes. */
        record Repeated(Key key) implements Offer {}

        /** The same packet number again with another body: the first one is kept. */
        record Conflicting(Key key) implements Offer {}

        /** The message would pass the byte limit: the set is dropped. */
        record TooLarge(Key key, String detail) implements Offer {}

        /**
         * The message is whole.
         *
         * @param header the header of the whole message (not split, serial of its first packet)
         * @param message the unescaped whole message: packet 1's header, then every body in packet order
         */
        record Whole(Key key, Jt808Header header, byte[] message) implements Offer {}
    }

    private static final class Partial {
        final Key key;
        final Instant started;
        final byte[] @Nullable [] messages;
        final @Nullable Jt808Header[] headers;
        int received;
        int bytes;

        Partial(Key key, Instant started, int packets) {
            this.key = key;
            this.started = started;
            this.messages = new byte[packets][];
            this.headers = new Jt808Header[packets];
        }

        /** "2 of 3 packets (missing 3)". */
        String progress() {
            StringBuilder text = new StringBuilder()
                    .append(received)
                    .append(" of ")
                    .append(headers.length)
                    .append(" packets (missing ");
            int listed = 0;
            for (int i = 0; i < headers.length; i++) {
                if (headers[i] == null) {
                    if (listed == 8) {
                        text.append(", …");
                        break;
                    }
                    text.append(listed++ == 0 ? "" : ", ").append(i + 1);
                }
            }
            return text.append(')').toString();
        }

        /** The frames of the packets received, in packet order, as they were on the wire. */
        byte[] frames() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 32 * received);
            for (byte[] message : messages) {
                if (message != null) {
                    Jt808Wire.reframe(message, out);
                }
            }
            return out.toByteArray();
        }
    }

    /**
     * Takes one packet ({@code header.packets() > 1}, its number within 1..packets, already checked) of the unescaped
     * message {@code message}, received at {@code now}.
     */
    Offer offer(Jt808Header header, byte[] message, Instant now) {
        Key key = Key.of(header);
        int index = header.packet() - 1;
        Partial partial = find(key);
        if (partial == null) {
            if (recentlyCompleted(key, now)) {
                return new Offer.Repeated(key);
            }
            if (partials.size() >= limits.maxPartialMessages()) {
                Partial oldest = partials.removeFirst();
                notices.add(rejected(
                        oldest,
                        "pushed out by newer split messages (at most " + limits.maxPartialMessages()
                                + " wait per connection)"));
            }
            partial = new Partial(key, now, header.packets());
            partials.add(partial);
        } else if (partial.headers[index] != null) {
            Jt808Header kept = partial.headers[index];
            boolean same = Arrays.equals(
                    partial.messages[index],
                    kept.bodyOffset(),
                    kept.bodyOffset() + kept.bodyLength(),
                    message,
                    header.bodyOffset(),
                    header.bodyOffset() + header.bodyLength());
            return same ? new Offer.Repeated(key) : new Offer.Conflicting(key);
        }
        if (partial.bytes + header.bodyLength() > limits.maxMessageBytes()) {
            partials.remove(partial);
            return new Offer.TooLarge(
                    key,
                    key + ": packet " + header.packet() + " would take the message past " + limits.maxMessageBytes()
                            + " bytes; dropped with " + partial.progress());
        }
        partial.headers[index] = header;
        partial.messages[index] = message;
        partial.received++;
        partial.bytes += header.bodyLength();
        if (partial.received < partial.headers.length) {
            return new Offer.Kept(key, partial.headers.length - partial.received);
        }
        partials.remove(partial);
        remember(key, now);
        return whole(partial);
    }

    /** Drops the sets older than the timeout at {@code now}; each becomes a notice. */
    void expire(Instant now) {
        for (int i = 0; i < partials.size(); ) {
            Partial partial = partials.get(i);
            Duration age = Duration.between(partial.started, now);
            if (age.compareTo(limits.timeout()) > 0) {
                partials.remove(i);
                notices.add(rejected(partial, "expired " + age.toSeconds() + " s after its first packet"));
            } else {
                i++;
            }
        }
    }

    /** Whether notices wait to be handed out. */
    boolean hasNotices() {
        return !notices.isEmpty();
    }

    /** The notices waiting, oldest first; none are kept. */
    List<DeviceMessage> takeNotices() {
        List<DeviceMessage> taken = List.copyOf(notices);
        notices.clear();
        return taken;
    }

    /** Every set still waiting, as notices (the connection or the input ended); nothing is kept. */
    List<DeviceMessage> drain(String why) {
        for (Partial partial : partials) {
            notices.add(rejected(partial, why));
        }
        partials.clear();
        return takeNotices();
    }

    /** Sets waiting (for tests and diagnosis). */
    int waiting() {
        return partials.size();
    }

    /** Body bytes held by the waiting sets (for tests and diagnosis). */
    int heldBytes() {
        int bytes = 0;
        for (Partial partial : partials) {
            bytes += partial.bytes;
        }
        return bytes;
    }

    private static DeviceMessage.Rejected rejected(Partial partial, String why) {
        return new DeviceMessage.Rejected(
                partial.key.device(),
                RejectReason.INCOMPLETE,
                partial.key + ": " + partial.progress() + "; " + why,
                partial.frames());
    }

    private @Nullable Partial find(Key key) {
        for (Partial partial : partials) {
            if (partial.key.equals(key)) {
                return partial;
            }
        }
        return null;
    }

    private boolean recentlyCompleted(Key key, Instant now) {
        for (int i = 0; i < COMPLETED_MEMORY; i++) {
            if (key.equals(completed[i])
                    && Duration.between(completedAt[i], now).compareTo(limits.timeout()) <= 0) {
                return true;
            }
        }
        return false;
    }

    private void remember(Key key, Instant now) {
        completed[nextCompleted] = key;
        completedAt[nextCompleted] = now;
        nextCompleted = (nextCompleted + 1) % COMPLETED_MEMORY;
    }

    /** Packet 1's header (up to and with its serial; the 4-byte package item dropped), then the bodies in order. */
    private static Offer.Whole whole(Partial partial) {
        Jt808Header first = partial.headers[0];
        int prefix = first.bodyOffset() - 4;
        byte[] whole = new byte[prefix + partial.bytes];
        System.arraycopy(partial.messages[0], 0, whole, 0, prefix);
        int at = prefix;
        for (int i = 0; i < partial.headers.length; i++) {
            Jt808Header h = partial.headers[i];
            System.arraycopy(partial.messages[i], h.bodyOffset(), whole, at, h.bodyLength());
            at += h.bodyLength();
        }
        Jt808Header header = new Jt808Header(
                first.messageId(),
                first.properties() & ~(Jt808Header.SPLIT | Jt808Header.LENGTH_MASK),
                first.protocolVersion(),
                first.phone(),
                first.device(),
                partial.key.firstSerial(),
                1,
                1,
                prefix,
                partial.bytes);
        return new Offer.Whole(partial.key, header, whole);
    }
}
