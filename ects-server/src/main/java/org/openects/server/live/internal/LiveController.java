package org.openects.server.live.internal;

import org.openects.server.identity.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/v1/live}: the caller's live updates as Server-Sent Events. */
@RestController
class LiveController {

    private final SseLiveHub hub;

    LiveController(SseLiveHub hub) {
        this.hub = hub;
    }

    @GetMapping(path = "/api/v1/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(CurrentUser user) {
        return hub.subscribe(user);
    }
}
