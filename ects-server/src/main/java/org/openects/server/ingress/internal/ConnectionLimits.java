package org.openects.server.ingress.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.openects.server.ingress.IngressProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open device connections of the TCP listeners, overall and per client address. A connection beyond either
 * cap is closed as soon as it is accepted, before anything is read from it; each refusal is counted ({@code
 * ects.ingress.tcp.refused}, tagged by which cap) and an address being refused is logged once per interval, with how
 * many were refused, not once per connection.
 */
final class ConnectionLimits {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);
    /** Above this many remembered refused addresses, the log memory is cleared (it only spaces out log lines). */
    private static final int MAX_LOGGED = 10_000;

    private final int max;
    private final int perAddress;
    private final long logIntervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();
    private final Map<InetAddress, Refusals> refusals = new ConcurrentHashMap<>();
    private final Counter refusedTotal;
    private final Counter refusedPerAddress;

    ConnectionLimits(IngressProperties.Connections limits, MeterRegistry meters, LongSupplier nanoTime) {
        this.max = limits.max();
        this.perAddress = limits.perAddress();
        this.logIntervalNanos = Math.max(0, limits.logInterval().toNanos());
        this.nanoTime = nanoTime;
        this.refusedTotal = refusedCounter(meters, "max");
        this.refusedPerAddress = refusedCounter(meters, "per-address");
    }

    private static Counter refusedCounter(MeterRegistry meters, String cap) {
        return Counter.builder("ects.ingress.tcp.refused")
                .description("Device TCP connections closed at once for being over a connection cap")
                .tag("cap", cap)
                .register(meters);
    }

    /**
     * Takes a place for a newly accepted connection, given back when it closes; false (and the refusal counted and
     * perhaps logged) when it is over a cap, for the caller to close it.
     */
    boolean admit(Channel channel) {
        InetAddress address = addressOf(channel.remoteAddress());
        Integer fromAddress = byAddress.merge(address, 1, Integer::sum);
        if (fromAddress > perAddress) {
            release(address, false);
            refused(address, refusedPerAddress, "per-address cap of " + perAddress);
            return false;
        }
        if (open.incrementAndGet() > max) {
            release(address, true);
            refused(address, refusedTotal, "overall cap of " + max);
            return false;
        }
        channel.closeFuture().addListener(closed -> release(address, true));
        return true;
    }

    /** Open connections now. */
    int open() {
        return open.get();
    }

    private void release(InetAddress address, boolean overall) {
        if (overall) {
            open.decrementAndGet();
        }
        byAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    private void refused(InetAddress address, Counter counter, String cap) {
        counter.increment();
        if (refusals.size() > MAX_LOGGED) {
            refusals.clear();
        }
        Refusals r = refusals.computeIfAbsent(address, a -> new Refusals());
        long now = nanoTime.getAsLong();
        long count;
        synchronized (r) {
            r.count++;
            if (r.loggedAt != Long.MIN_VALUE && now - r.loggedAt < logIntervalNanos) {
                return;
            }
            count = r.count;
            r.count = 0;
            r.loggedAt = now;
        }
        log.warn(
                "Refused {} TCP connection(s) from {} over the {} (ects.ingress.connections); next report for this"
                        + " address in {}",
                count,
                address.getHostAddress(),
                cap,
                Duration.ofNanos(logIntervalNanos));
    }

    private static InetAddress addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    private static final class Refusals {
        long count;
        long loggedAt = Long.MIN_VALUE;
    }
}
