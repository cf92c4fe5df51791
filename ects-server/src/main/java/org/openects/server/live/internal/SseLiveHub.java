package org.openects.server.live.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.Credentials;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Delivers live messages to SSE subscribers. Each subscriber has a bounded queue drained by its own virtual thread,
 * so a slow browser never slows the hot path: when its queue is full, it misses updates (and reloads data on its
 * next reconnect) rather than holding anyone up.
 *
 * <p>A stream lives no longer than the session or token it was opened with: at every heartbeat
 * ({@code ects.live.heartbeat}) each stream's credential is checked again (session invalidated or timed out, token
 * expired, account disabled or at another security version) and the stream is closed if it has ended. Each account
 * has at most {@code ects.live.max-streams-per-user} streams: opening one more closes its oldest (a reloaded page
 * replaces its stale streams rather than being refused).
 */
@Component
class SseLiveHub implements LiveHub, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SseLiveHub.class);
    private static final int QUEUE_CAPACITY = 1000;
    private static final long RECONNECT_AFTER_END_MILLIS = 30_000;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final long heartbeatMillis;
    private final int maxStreamsPerUser;
    private final AtomicLong sequence = new AtomicLong();
    private @Nullable ScheduledExecutorService sweeper;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private volatile boolean running;

    private static final class Subscriber {
        final CurrentUser user;
        final Credentials.Credential credential;
        final long opened;
        final SseEmitter emitter;
        final BlockingQueue<LiveMessage> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        volatile boolean open = true;
        volatile @Nullable String endedBecause;
        volatile @Nullable Thread thread;

        Subscriber(CurrentUser user, Credentials.Credential credential, long opened, SseEmitter emitter) {
            this.user = user;
            this.credential = credential;
            this.opened = opened;
            this.emitter = emitter;
        }

        /** Stops its delivery thread, which then completes the stream. */
        void end(String because) {
            endedBecause = because;
            open = false;
            Thread delivering = thread;
            if (delivering != null) {
                delivering.interrupt();
            }
        }
    }

    SseLiveHub(LiveProperties properties) {
        this.heartbeatMillis = properties.heartbeat().toMillis();
        this.maxStreamsPerUser = properties.maxStreamsPerUser();
    }

    /** Opens a stream for {@code user}, valid while {@code credential} is; closes the user's oldest beyond the cap. */
    SseEmitter subscribe(CurrentUser user, Credentials.Credential credential) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscriber subscriber = new Subscriber(user, credential, sequence.incrementAndGet(), emitter);
        emitter.onCompletion(() -> subscriber.open = false);
        emitter.onTimeout(() -> subscriber.open = false);
        emitter.onError(e -> subscriber.open = false);
        synchronized (subscribers) {
            List<Subscriber> own = subscribers.stream()
                    .filter(other -> other.open && other.user.username().equals(user.username()))
                    .sorted(Comparator.comparingLong(other -> other.opened))
                    .toList();
            for (int i = 0; i <= own.size() - maxStreamsPerUser; i++) {
                Subscriber oldest = own.get(i);
                log.info(
                        "Closing the oldest live stream of '{}': more than {} open",
                        user.username(),
                        maxStreamsPerUser);
                subscribers.remove(oldest);
                oldest.end("more than " + maxStreamsPerUser + " streams of this account");
            }
            subscribers.add(subscriber);
        }
        subscriber.thread = Thread.ofVirtual().name("sse-" + user.username()).start(() -> deliver(subscriber));
        return emitter;
    }

    /**
     * Checks every stream's session or token and closes those that have ended; runs at every heartbeat.
     *
     * @return the number of streams closed
     */
    int sweep() {
        int closed = 0;
        for (Subscriber subscriber : subscribers) {
            boolean valid;
            try {
                valid = subscriber.credential.isValid();
            } catch (RuntimeException e) {
                log.warn("Could not check the live stream of '{}': {}", subscriber.user.username(), e.toString());
                continue;
            }
            if (!valid) {
                log.info("Closing a live stream of '{}': its session or token has ended", subscriber.user.username());
                subscribers.remove(subscriber);
                subscriber.end("its session or token has ended");
                closed++;
            }
        }
        return closed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Live stream sweep failed: {}", e.toString());
        }
    }

    /** The open streams of {@code username}. */
    int streamsOf(String username) {
        return (int) subscribers.stream()
                .filter(subscriber ->
                        subscriber.open && subscriber.user.username().equals(username))
                .count();
    }

    @Override
    public void publish(LiveMessage message) {
        for (Subscriber subscriber : subscribers) {
            if (visible(message, subscriber.user) && !subscriber.queue.offer(message)) {
                dropped.incrementAndGet();
            }
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private static boolean visible(LiveMessage message, CurrentUser user) {
        if (user.seesAllOrganisations()) {
            return true;
        }
        if (user.organisationType() == OrganisationType.TRADER) {
            return message.traderOrganisationId() == user.organisationId();
        }
        if (user.organisationType() == OrganisationType.TRANSPORTER) {
            Long transporter = message.transporterOrganisationId();
            return transporter != null && transporter == user.organisationId();
        }
        return false;
    }

    private void deliver(Subscriber subscriber) {
        try {
            subscriber.emitter.send(SseEmitter.event().comment("connected"));
            while (subscriber.open && !closing) {
                LiveMessage message = subscriber.queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                if (message == null) {
                    subscriber.emitter.send(SseEmitter.event().comment("heartbeat"));
                } else {
                    subscriber.emitter.send(
                            SseEmitter.event().name(message.event()).data(message.data(), MediaType.APPLICATION_JSON));
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("SSE subscriber {} went away: {}", subscriber.user.username(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscribers.remove(subscriber);
            String because = subscriber.endedBecause;
            if (because != null) {
                Thread.interrupted(); // the hub interrupted the wait; this last write must not fail for it
                // Ended by the hub: the browser's EventSource waits a while before it tries again, so that tabs
                // beyond the cap do not keep closing each other's streams.
                try {
                    subscriber.emitter.send(SseEmitter.event()
                            .reconnectTime(RECONNECT_AFTER_END_MILLIS)
                            .comment("closed: " + because));
                } catch (IOException | RuntimeException ignored) {
                    // the client went away first
                }
            }
            try {
                subscriber.emitter.complete();
            } catch (RuntimeException ignored) {
                // already completed by the container
            }
        }
    }

    @Override
    public void start() {
        running = true;
        synchronized (this) {
            if (sweeper == null) {
                sweeper = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofVirtual().name("sse-sweep").factory());
                sweeper.scheduleWithFixedDelay(
                        this::sweepQuietly, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Ends every stream before the web server's graceful shutdown starts waiting for open requests: an event stream
     * never ends by itself and would hold the shutdown for its whole timeout.
     */
    @Override
    public void stop() {
        closing = true;
        running = false;
        synchronized (this) {
            if (sweeper != null) {
                sweeper.shutdownNow();
                sweeper = null;
            }
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.open = false;
            try {
                subscriber.emitter.complete();
            } catch (RuntimeException ignored) {
                // the container already ended it
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops first: before the web server (graceful shutdown) and the hot path.
        return Integer.MAX_VALUE;
    }
}
