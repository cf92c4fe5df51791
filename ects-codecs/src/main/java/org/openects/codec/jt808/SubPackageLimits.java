package org.openects.codec.jt808;

import java.time.Duration;

/**
 * How much of JT/T 808 sub-packaged messages one connection may hold while waiting for their missing packets. A set
 * is keyed by terminal, message id, packet count and the serial of its first packet (packets of one message carry
 * consecutive serials). Every bound is enforced when a packet arrives; nothing is held past them.
 *
 * @param maxPackets the most packets one message may announce; more is rejected {@code OVERSIZED} at once
 * @param maxMessageBytes the most body bytes one message may gather; the packet that would pass it is rejected
 *     {@code OVERSIZED} and the set is dropped
 * @param maxPartialMessages the most split messages waiting at once per connection; a further one pushes the oldest
 *     out ({@code INCOMPLETE})
 * @param timeout how long after its first packet a message may stay incomplete before it is dropped ({@code
 *     INCOMPLETE}); measured on the receive times of the connection's frames
 */
public record SubPackageLimits(int maxPackets, int maxMessageBytes, int maxPartialMessages, Duration timeout) {

    /**
     * 64 packets (a body field holds at most 1,023 bytes, so a 0x0704 blind-area batch of several hundred locations
     * fits), 64 KiB per message, 4 messages waiting per connection (at most 256 KiB of bodies held), 2 minutes.
     */
    public static final SubPackageLimits DEFAULTS = new SubPackageLimits(64, 64 * 1024, 4, Duration.ofMinutes(2));

    public SubPackageLimits {
        if (maxPackets < 2 || maxMessageBytes < 1 || maxPartialMessages < 1) {
            throw new IllegalArgumentException("sub-package limits must allow at least one split message");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sub-package timeout must be positive");
        }
    }
}
