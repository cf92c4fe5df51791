package org.openects.server.live.internal;

import org.openects.server.identity.Credentials;
import org.openects.server.identity.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/live}: the caller's live updates as Server-Sent Events, for as long as the caller's session or
 * token lasts (see {@link SseLiveHub}).
 */
@RestController
class LiveController {

    private final SseLiveHub hub;
    private final Credentials credentials;

    LiveController(SseLiveHub hub, Credentials credentials) {
        this.hub = hub;
        this.credentials = credentials;
    }

    @GetMapping(path = "/api/v1/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(CurrentUser user) {
        return hub.subscribe(user, credentials.ofCurrentRequest());
    }
}
