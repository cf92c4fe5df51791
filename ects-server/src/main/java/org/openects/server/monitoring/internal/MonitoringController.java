package org.openects.server.monitoring.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.CurrentUser;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.monitoring.AlertState;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.shared.ConflictException;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Alerts, tracks and timelines. */
@RestController
class MonitoringController {

    /** Track points per page unless the client asks for fewer or more. */
    static final int TRACK_PAGE = 2_000;

    /** The most track points one page answers. */
    static final int TRACK_PAGE_MAX = 10_000;

    private final MonitoringQueries queries;
    private final MovementDirectory movements;
    private final MonitoringEngine engine;
    private final BatchWriter writer;
    private final LiveHub live;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    MonitoringController(
            MonitoringQueries queries,
            MovementDirectory movements,
            MonitoringEngine engine,
            BatchWriter writer,
            LiveHub live,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
        this.queries = queries;
        this.movements = movements;
        this.engine = engine;
        this.writer = writer;
        this.live = live;
    }

    /**
     * How a person closes an alert.
     *
     * @param resolution {@code RESOLVED} or {@code FALSE_ALARM}
     * @param reason what was found or done
     */
    record Resolution(
            @NotNull @Pattern(regexp = "RESOLVED|FALSE_ALARM", message = "must be RESOLVED or FALSE_ALARM")
            String resolution,

            @NotBlank @Size(max = 512) String reason) {}

    /**
     * One page of a movement's track, in device-time order: at most {@code limit} points ({@value #TRACK_PAGE}
     * unless asked, at most {@value #TRACK_PAGE_MAX}) after the cursor {@code after}. When more follow, the answer's
     * {@code Link} header names the next page ({@code rel="next"}, a query-only reference: {@code <?after=…&limit=…>}).
     */
    @GetMapping("/api/v1/movements/{id}/track")
    ResponseEntity<List<MonitoringQueries.TrackPoint>> track(
            @PathVariable long id,
            @RequestParam(required = false) @Nullable String after,
            @RequestParam(defaultValue = "" + TRACK_PAGE) int limit,
            CurrentUser user) {
        if (limit < 1 || limit > TRACK_PAGE_MAX) {
            throw new InvalidFieldException("limit", "must be between 1 and " + TRACK_PAGE_MAX);
        }
        MonitoringQueries.TrackCursor cursor =
                after == null || after.isBlank() ? null : MonitoringQueries.TrackCursor.parse(after);
        visibleMovement(id, user);
        MonitoringQueries.TrackPage page = queries.track(id, cursor, limit);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (page.next() != null) {
            answer.header(
                    HttpHeaders.LINK,
                    // A query-only reference: the same path (behind any proxy prefix) with the next page's query.
                    "<?after=" + page.next().token() + "&limit=" + limit + ">; rel=\"next\"");
        }
        return answer.body(page.points());
    }

    @GetMapping("/api/v1/movements/{id}/events")
    List<EventView> events(@PathVariable long id, CurrentUser user) {
        visibleMovement(id, user);
        return queries.events(id);
    }

    @GetMapping("/api/v1/alerts")
    List<AlertView> alerts(@RequestParam(required = false) @Nullable AlertState state, CurrentUser user) {
        List<Movement> visible = movements.listVisible(user);
        Map<Long, Movement> byId = new HashMap<>();
        for (Movement m : visible) {
            byId.put(m.id(), m);
        }
        return queries.alerts(user.seesAllOrganisations() ? null : visible, state, byId, 500);
    }

    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    @PreAuthorize("hasAnyRole('OPERATOR','ADMIN')")
    AlertView acknowledge(@PathVariable long id, CurrentUser user) throws InterruptedException {
        Movement movement = movementOfAlert(id, user);
        // the state change and its audit entry commit together
        transactions.executeWithoutResult(status -> {
            if (!queries.transition(
                    id, List.of(AlertState.OPEN), AlertState.ACKNOWLEDGED, user.username(), null, null)) {
                throw new ConflictException("alert " + id + " is not open");
            }
            audit.record(AuditEvent.now(
                    AuditEvent.user(user.username()),
                    "alert.acknowledged",
                    "alert",
                    Long.toString(id),
                    Map.of("movement", Long.toString(movement.id()))));
        });
        return published(id, movement);
    }

    @PostMapping("/api/v1/alerts/{id}/resolve")
    @PreAuthorize("hasAnyRole('OPERATOR','ADMIN')")
    AlertView resolve(@PathVariable long id, @Valid @RequestBody Resolution resolution, CurrentUser user)
            throws InterruptedException {
        Movement movement = movementOfAlert(id, user);
        AlertState to = AlertState.valueOf(resolution.resolution());
        transactions.executeWithoutResult(status -> {
            if (!queries.transition(
                    id,
                    List.of(AlertState.OPEN, AlertState.ACKNOWLEDGED),
                    to,
                    user.username(),
                    resolution.resolution(),
                    resolution.reason())) {
                throw new ConflictException("alert " + id + " is already closed");
            }
            audit.record(AuditEvent.now(
                    AuditEvent.user(user.username()),
                    "alert.resolved",
                    "alert",
                    Long.toString(id),
                    Map.of(
                            "movement", Long.toString(movement.id()),
                            "resolution", resolution.resolution(),
                            "reason", resolution.reason())));
        });
        engine.alertClosed(movement.id());
        return published(id, movement);
    }

    private AlertView published(long id, Movement movement) {
        AlertView view = queries.alert(id, Map.of(movement.id(), movement)).orElseThrow();
        live.publish(
                new LiveMessage("alert", view, movement.traderOrganisationId(), movement.transporterOrganisationId()));
        return view;
    }

    private Movement movementOfAlert(long id, CurrentUser user) throws InterruptedException {
        // An alert raised a moment ago may still be on its way to the database.
        writer.awaitWritten(2_000);
        long movementId = queries.movementOfAlert(id).orElseThrow(() -> notFound("alert", id));
        return movements.findVisible(movementId, user).orElseThrow(() -> notFound("alert", id));
    }

    private Movement visibleMovement(long id, CurrentUser user) {
        return movements.findVisible(id, user).orElseThrow(() -> notFound("movement", id));
    }

    private static NotFoundException notFound(String what, long id) {
        return new NotFoundException("no " + what + " " + id);
    }
}
