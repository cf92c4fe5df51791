package org.openects.server.movements.internal;

import java.util.ArrayList;
import java.util.List;
import org.openects.rules.geo.TransitEstimate;
import org.openects.server.declarations.DeclarationFiled;
import org.openects.server.declarations.SealRequestRefused;
import org.openects.server.declarations.SealsAssigned;
import org.openects.server.declarations.SealsRequested;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDevice;
import org.openects.server.movements.MovementState;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.reference.CustomsOffice;
import org.openects.server.reference.CustomsOffices;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The declarations module's events move the declaration's movement, synchronously and in the publisher's transaction:
 * a refusal here (an exception) rolls the declaration's change back with it.
 *
 * <ul>
 *   <li>{@link DeclarationFiled}: the movement is created in {@code DECLARED}, its route plan drawn from the customs
 *       offices (origin and destination the offices' circles, the transit offices as border posts, the path a straight
 *       line through them in order);
 *   <li>{@link SealsRequested}: {@code DECLARED} → {@code SEALS_REQUESTED};
 *   <li>{@link SealRequestRefused}: {@code SEALS_REQUESTED} → {@code DECLARED};
 *   <li>{@link SealsAssigned}: {@code SEALS_REQUESTED} → {@code SEALS_ASSIGNED} with the devices.
 * </ul>
 */
@Component
class DeclarationEvents {

    /** The corridor's width around the straight line between offices, until a corridor of the library replaces it. */
    static final double CORRIDOR_WIDTH_METERS = 5_000;

    /** The longest silence of the devices tolerated on a declared movement's route plan. */
    static final int MAX_REPORTING_GAP_SECONDS = 900;

    private final JdbcMovements movements;
    private final CustomsOffices offices;

    DeclarationEvents(JdbcMovements movements, CustomsOffices offices) {
        this.movements = movements;
        this.offices = offices;
    }

    @EventListener
    @Transactional
    public void filed(DeclarationFiled filed) {
        RoutePlanSpec plan = routePlan(filed);
        JdbcMovements.validateRoutePlan(plan);
        TransitEstimate estimate = plan.estimate();
        movements.declare(
                new JdbcMovements.NewMovement(
                        filed.reference(),
                        filed.declarantOrganisationId(),
                        filed.transporterOrganisationId(),
                        vehicle(filed),
                        plan,
                        filed.declarationId(),
                        filed.timeLimit(),
                        filed.departureOffice(),
                        filed.destinationOffice(),
                        estimate.distanceMeters(),
                        estimate.transit().toSeconds()),
                filed.actor(),
                movements.clock().instant());
    }

    @EventListener
    @Transactional
    public void requested(SealsRequested requested) {
        movements.transition(
                movementOf(requested.declarationId()).id(),
                MovementState.SEALS_REQUESTED,
                requested.actor(),
                null,
                "seal request " + requested.requestId());
    }

    @EventListener
    @Transactional
    public void refused(SealRequestRefused refused) {
        movements.transition(
                movementOf(refused.declarationId()).id(),
                MovementState.DECLARED,
                refused.actor(),
                null,
                "seal request " + refused.requestId() + " refused: " + refused.reason());
    }

    @EventListener
    @Transactional
    public void assigned(SealsAssigned assigned) {
        List<MovementDevice> devices = new ArrayList<>();
        for (SealsAssigned.AssignedDevice device : assigned.devices()) {
            devices.add(new MovementDevice(
                    device.deviceId(), MovementDevice.Role.valueOf(device.role().name())));
        }
        movements.assign(
                movementOf(assigned.declarationId()).id(),
                devices,
                assigned.actor(),
                "seal request " + assigned.requestId() + " approved: " + devices.size() + " device(s) assigned");
    }

    private Movement movementOf(long declarationId) {
        return movements
                .ofDeclaration(declarationId)
                .orElseThrow(() -> new NotFoundException("declaration " + declarationId + " has no movement"));
    }

    /** The route plan drawn from the offices: a straight line from departure through the transit offices. */
    RoutePlanSpec routePlan(DeclarationFiled filed) {
        CustomsOffice departure = office("departureOffice", filed.departureOffice());
        CustomsOffice destination = office("destinationOffice", filed.destinationOffice());
        List<List<Double>> path = new ArrayList<>();
        path.add(List.of(departure.latitude(), departure.longitude()));
        List<RoutePlanSpec.GeofenceSpec> borderPosts = new ArrayList<>();
        for (int i = 0; i < filed.transitOffices().size(); i++) {
            CustomsOffice transit =
                    office("transitOffices[" + i + "]", filed.transitOffices().get(i));
            path.add(List.of(transit.latitude(), transit.longitude()));
            borderPosts.add(geofence(transit));
        }
        path.add(List.of(destination.latitude(), destination.longitude()));
        return new RoutePlanSpec(
                new RoutePlanSpec.CorridorSpec(path, CORRIDOR_WIDTH_METERS),
                geofence(departure),
                geofence(destination),
                MAX_REPORTING_GAP_SECONDS,
                borderPosts,
                null,
                null,
                filed.corridorId(),
                filed.corridorVersion(),
                null,
                null);
    }

    private CustomsOffice office(String field, String code) {
        return offices.find(code).orElseThrow(() -> new InvalidFieldException(field, "no customs office " + code));
    }

    private static RoutePlanSpec.GeofenceSpec geofence(CustomsOffice office) {
        return new RoutePlanSpec.GeofenceSpec(
                office.code() + " " + office.name(), office.latitude(), office.longitude(), office.radiusMeters());
    }

    /** Plates, then containers, in the 128 characters the movement keeps. */
    private static String vehicle(DeclarationFiled filed) {
        String plates = String.join(" / ", filed.vehiclePlates());
        String containers = String.join(", ", filed.containers());
        String text = plates.isEmpty() ? containers : containers.isEmpty() ? plates : plates + "; " + containers;
        return text.length() <= 128 ? text : text.substring(0, 127) + "…";
    }
}
