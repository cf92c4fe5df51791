package org.openects.server.live;

/** Fans live updates out to the subscribers allowed to see them. Never blocks the caller. */
public interface LiveHub {

    void publish(LiveMessage message);
}
