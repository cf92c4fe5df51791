package org.openects.server.movements.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.movements.IllegalTransitionException;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDevice;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementRequest;
import org.openects.server.movements.MovementState;
import org.openects.server.movements.MovementStatus;
import org.openects.server.movements.MovementStatusProvider;
import org.openects.server.movements.MovementTransition;
import org.openects.server.movements.MovementTransitions;
import org.openects.server.movements.Movements;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The movements API. */
@RestController
@RequestMapping("/api/v1/movements")
class MovementController {

    private final Movements movements;
    private final MovementDirectory directory;
    private final ObjectProvider<MovementStatusProvider> status;
    private final MovementTransitions transitions;

    MovementController(
            Movements movements,
            MovementDirectory directory,
            ObjectProvider<MovementStatusProvider> status,
            MovementTransitions transitions) {
        this.transitions = transitions;
        this.movements = movements;
        this.directory = directory;
        this.status = status;
    }

    /**
     * A movement as listed, with its live status.
     *
     * @param id its number
     * @param reference the customs document
     * @param deviceId the first seal on it (else its first device), or null before assignment
     * @param vehicle vehicle identification
     * @param state its state
     * @param origin origin name
     * @param destination destination name
     * @param traderOrganisationId the declaring trader
     * @param transporterOrganisationId the haulier
     * @param createdAt when it was declared or started
     * @param status live status (last position, seal, open alerts)
     * @param routePlan the route plan (only in the detail view)
     * @param endedAt when supervision ended, if it has
     * @param endedBy who ended it
     * @param endReason where its seals were removed, or why it was cancelled
     * @param devices the devices on it with their roles (empty before assignment)
     * @param declarationId the declaration it comes from; null when started directly
     * @param timeLimit by when it must arrive
     * @param departureOffice the office of departure's code
     * @param destinationOffice the office of destination's code
     * @param estimatedDistanceMeters the geodesic length of the route plan's path (WGS 84)
     * @param estimatedTransitSeconds the estimated transit time: speed profile plus the driver's rests
     * @param stateSince when it entered its state
     * @param allowedNextStates the states it may move to from its state
     * @param supervised whether its devices are monitored in its state
     * @param holdsDevices whether it holds its devices (custody steps may be recorded)
     * @param finalState whether its state is final (closed or cancelled)
     */
    record MovementView(
            long id,
            String reference,
            @Nullable String deviceId,
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
            @Nullable String endReason,
            List<MovementDevice> devices,
            @Nullable Long declarationId,
            @Nullable Instant timeLimit,
            @Nullable String departureOffice,
            @Nullable String destinationOffice,
            @Nullable Double estimatedDistanceMeters,
            @Nullable Long estimatedTransitSeconds,
            Instant stateSince,
            Set<MovementState> allowedNextStates,
            boolean supervised,
            boolean holdsDevices,
            boolean finalState) {}

    /**
     * A transition asked for by a person.
     *
     * @param to the state to move to
     * @param reason why, as it goes on record
     * @param place where (an office code, a border post), if it matters
     */
    record TransitionRequest(
            @NotNull MovementState to,
            @NotBlank @Size(max = 500) String reason,
            @Nullable @Size(max = 128) String place) {}

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

    /**
     * Moves a movement to another state: a customs decision (officer or the customs system). States only the platform
     * enters ({@link MovementState#platformOnly()}) are refused with 409 naming the rule.
     */
    @PostMapping("/{id}/transitions")
    @PreAuthorize("hasAnyRole('OFFICER','CUSTOMS_SYSTEM')")
    ResponseEntity<MovementView> transition(
            @PathVariable long id, @Valid @RequestBody TransitionRequest request, CurrentUser user) {
        Movement movement =
                directory.findVisible(id, user).orElseThrow(() -> new NotFoundException("no movement " + id));
        String rule = request.to().platformOnly();
        if (rule != null) {
            throw new IllegalTransitionException(movement.reference(), movement.state(), request.to(), rule);
        }
        String place = request.place() == null || request.place().isBlank()
                ? null
                : request.place().strip();
        Movement moved = transitions.transition(
                id, request.to(), user.username(), place, request.reason().strip());
        return ResponseEntity.created(URI.create("/api/v1/movements/" + id + "/transitions"))
                .body(view(moved, true));
    }

    /** The movement's transitions, oldest first; visible to whoever sees the movement. */
    @GetMapping("/{id}/transitions")
    List<MovementTransition> history(@PathVariable long id, CurrentUser user) {
        directory.findVisible(id, user).orElseThrow(() -> new NotFoundException("no movement " + id));
        return transitions.history(id);
    }

    /**
     * The movements the caller may see, newest first, optionally only those bound for one office of destination
     * ({@code destinationOffice}, an office code) and those in one of the given states ({@code state}, repeatable). An
     * unknown state name is a 400 problem naming {@code state}.
     */
    @GetMapping
    List<MovementView> list(
            CurrentUser user,
            @RequestParam(required = false) @Nullable String destinationOffice,
            @RequestParam(name = "state", required = false) @Nullable List<String> state) {
        Set<MovementState> states = states(state);
        String office = destinationOffice == null || destinationOffice.isBlank() ? null : destinationOffice.strip();
        List<MovementView> views = new ArrayList<>();
        for (Movement movement : directory.listVisible(user)) {
            if (office != null && !office.equalsIgnoreCase(movement.destinationOffice())) {
                continue;
            }
            if (!states.isEmpty() && !states.contains(movement.state())) {
                continue;
            }
            views.add(view(movement, true));
        }
        return views;
    }

    /** The states asked for (empty: any); each name must be a {@link MovementState}. */
    private static Set<MovementState> states(@Nullable List<String> names) {
        Set<MovementState> states = EnumSet.noneOf(MovementState.class);
        if (names == null) {
            return states;
        }
        for (String name : names) {
            for (String part : name.split(",", -1)) {
                String trimmed = part.strip();
                try {
                    states.add(MovementState.valueOf(trimmed));
                } catch (IllegalArgumentException unknown) {
                    throw new InvalidFieldException(
                            "state",
                            "must be one of " + Arrays.toString(MovementState.values()) + "; got '" + trimmed + "'");
                }
            }
        }
        return states;
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
                movement.endReason(),
                movement.devices(),
                movement.declarationId(),
                movement.timeLimit(),
                movement.departureOffice(),
                movement.destinationOffice(),
                movement.estimatedDistanceMeters(),
                movement.estimatedTransitSeconds(),
                movement.stateSince(),
                movement.state().allowedNext(),
                movement.state().supervised(),
                movement.state().holdsDevices(),
                movement.state().terminal());
    }
}
