package org.openects.server.live.internal;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 */
@Component
class SseLiveHub implements LiveHub, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SseLiveHub.class);
    private static final int QUEUE_CAPACITY = 1000;
    private static final long HEARTBEAT_SECONDS = 15;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private volatile boolean running;

    private static final class Subscriber {
        final CurrentUser user;
        final SseEmitter emitter;
        final BlockingQueue<LiveMessage> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        volatile boolean open = true;

        Subscriber(CurrentUser user, SseEmitter emitter) {
            this.user = user;
            this.emitter = emitter;
        }
    }

    SseEmitter subscribe(CurrentUser user) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscriber subscriber = new Subscriber(user, emitter);
        emitter.onCompletion(() -> subscriber.open = false);
        emitter.onTimeout(() -> subscriber.open = false);
        emitter.onError(e -> subscriber.open = false);
        subscribers.add(subscriber);
        Thread.ofVirtual().name("sse-" + user.username()).start(() -> deliver(subscriber));
        return emitter;
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
                LiveMessage message = subscriber.queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
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
    }

    /**
     * Ends every stream before the web server's graceful shutdown starts waiting for open requests: an event stream
     * never ends by itself and would hold the shutdown for its whole timeout.
     */
    @Override
    public void stop() {
        closing = true;
        running = false;
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
