package org.openects.server.movements.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementRequest;
import org.openects.server.movements.MovementState;
import org.openects.server.movements.MovementStatus;
import org.openects.server.movements.MovementStatusProvider;
import org.openects.server.movements.Movements;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.shared.NotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The movements API. */
@RestController
@RequestMapping("/api/v1/movements")
class MovementController {

    private final Movements movements;
    private final MovementDirectory directory;
    private final ObjectProvider<MovementStatusProvider> status;

    MovementController(
            Movements movements, MovementDirectory directory, ObjectProvider<MovementStatusProvider> status) {
        this.movements = movements;
        this.directory = directory;
        this.status = status;
    }

    /**
     * A movement as listed, with its live status.
     *
     * @param id its number
     * @param reference the customs document
     * @param deviceId the device on it
     * @param vehicle vehicle identification
     * @param state its state
     * @param origin origin name
     * @param destination destination name
     * @param traderOrganisationId the declaring trader
     * @param transporterOrganisationId the haulier
     * @param createdAt when supervision started
     * @param status live status (last position, seal, open alerts)
     * @param routePlan the route plan (only in the detail view)
     * @param endedAt when supervision ended, if it has
     * @param endedBy who ended it
     * @param endReason where it was released, or why it was cancelled
     */
    record MovementView(
            long id,
            String reference,
            String deviceId,
            @Nullable String vehicle,
            MovementState state,
            String origin,
            String destination,
            long traderOrganisationId,
            @Nullable Long transporterOrganisationId,
            Instant createdAt,
            MovementStatus status,
            @Nullable RoutePlanSpec routePlan,
            @Nullable Instant endedAt,
            @Nullable String endedBy,
            @Nullable String endReason) {}

    /**
     * Why a movement is cancelled.
     *
     * @param reason as the person wants it on record
     */
    record CancelRequest(@NotBlank @Size(max = 500) String reason) {}

    @PostMapping
    @PreAuthorize("hasAnyRole('OFFICER','ADMIN','CUSTOMS_SYSTEM')")
    ResponseEntity<MovementView> start(@Valid @RequestBody MovementRequest request, CurrentUser user) {
        Movement movement = movements.start(request, user.username());
        return ResponseEntity.created(URI.create("/api/v1/movements/" + movement.id()))
                .body(view(movement, true));
    }

    /**
     * Cancels a movement: a customs decision (officer or the customs system), never an administrator's
     * (docs/security.md, "Who may do what").
     */
    @PostMapping("/{id}/cancel")
    @PreAuthorize("hasAnyRole('OFFICER','CUSTOMS_SYSTEM')")
    MovementView cancel(@PathVariable long id, @Valid @RequestBody CancelRequest request, CurrentUser user) {
        directory.findVisible(id, user).orElseThrow(() -> new NotFoundException("no movement " + id));
        return view(movements.cancel(id, request.reason().strip(), user.username()), true);
    }

    @GetMapping
    List<MovementView> list(CurrentUser user) {
        List<MovementView> views = new ArrayList<>();
        for (Movement movement : directory.listVisible(user)) {
            views.add(view(movement, true));
        }
        return views;
    }

    @GetMapping("/{id}")
    MovementView get(@PathVariable long id, CurrentUser user) {
        return directory
                .findVisible(id, user)
                .map(movement -> view(movement, true))
                .orElseThrow(() -> new NotFoundException("no movement " + id));
    }

    private MovementView view(Movement movement, boolean withPlan) {
        MovementStatusProvider provider = status.getIfAvailable();
        MovementStatus live = provider == null ? MovementStatus.NONE : provider.statusOf(movement.id());
        return new MovementView(
                movement.id(),
                movement.reference(),
                movement.deviceId(),
                movement.vehicle(),
                movement.state(),
                movement.originName(),
                movement.destinationName(),
                movement.traderOrganisationId(),
                movement.transporterOrganisationId(),
                movement.createdAt(),
                live,
                withPlan ? movement.routePlan() : null,
                movement.endedAt(),
                movement.endedBy(),
                movement.endReason());
    }
}
