package org.openects.server.movements.internal;

import java.util.ArrayList;
import java.util.List;
import org.openects.rules.geo.TransitEstimate;
import org.openects.server.corridors.CorridorLibrary;
import org.openects.server.corridors.RouteCorridor;
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

    private final JdbcMovements movements;
    private final CustomsOffices offices;
    private final CorridorLibrary corridors;
    private final int maxReportingGapSeconds;

    DeclarationEvents(
            JdbcMovements movements,
            CustomsOffices offices,
            CorridorLibrary corridors,
            ProcedureConfiguration.ProcedureProperties procedure) {
        this.movements = movements;
        this.offices = offices;
        this.corridors = corridors;
        this.maxReportingGapSeconds =
                (int) Math.clamp(procedure.maxReportingGap().toSeconds(), 10, 604_800);
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

    /**
     * The route plan of a declaration. Origin and destination are the offices' geofences. With a corridor of the route
     * library named ({@code corridorId}, and {@code corridorVersion} or the latest), the plan follows that corridor
     * version (pinned: the plan names the version it was drawn from): its centreline and width, border posts,
     * authorised stops, restricted zones, speed profile and rest allowance, plus the transit offices' geofences as
     * border posts. Without one, a straight line from departure through the transit offices to destination, {@value
     * #CORRIDOR_WIDTH_METERS} m wide.
     *
     * @throws InvalidFieldException when an office or the corridor (version) is unknown
     */
    RoutePlanSpec routePlan(DeclarationFiled filed) {
        CustomsOffice departure = office("departureOffice", filed.departureOffice());
        CustomsOffice destination = office("destinationOffice", filed.destinationOffice());
        List<CustomsOffice> transit = new ArrayList<>();
        for (int i = 0; i < filed.transitOffices().size(); i++) {
            transit.add(
                    office("transitOffices[" + i + "]", filed.transitOffices().get(i)));
        }
        if (filed.corridorId() != null) {
            RouteCorridor corridor = corridors
                    .find(filed.corridorId(), filed.corridorVersion())
                    .orElseThrow(() -> new InvalidFieldException(
                            filed.corridorVersion() == null ? "corridorId" : "corridorVersion",
                            "the route library has no corridor " + filed.corridorId()
                                    + (filed.corridorVersion() == null ? "" : " version " + filed.corridorVersion())));
            return corridorPlan(corridor, departure, destination, transit);
        }
        List<List<Double>> path = new ArrayList<>();
        path.add(List.of(departure.latitude(), departure.longitude()));
        List<RoutePlanSpec.GeofenceSpec> borderPosts = new ArrayList<>();
        for (CustomsOffice office : transit) {
            path.add(List.of(office.latitude(), office.longitude()));
            borderPosts.add(geofence(office));
        }
        path.add(List.of(destination.latitude(), destination.longitude()));
        return new RoutePlanSpec(
                new RoutePlanSpec.CorridorSpec(path, CORRIDOR_WIDTH_METERS),
                geofence(departure),
                geofence(destination),
                maxReportingGapSeconds,
                borderPosts,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private RoutePlanSpec corridorPlan(
            RouteCorridor corridor, CustomsOffice departure, CustomsOffice destination, List<CustomsOffice> transit) {
        List<List<Double>> path = new ArrayList<>(corridor.centreline().size());
        for (RouteCorridor.Point point : corridor.centreline()) {
            path.add(List.of(point.latitude(), point.longitude()));
        }
        List<RoutePlanSpec.GeofenceSpec> borderPosts = new ArrayList<>();
        for (RouteCorridor.BorderPost post : corridor.borderPosts()) {
            borderPosts.add(new RoutePlanSpec.GeofenceSpec(
                    post.name(), post.position().latitude(), post.position().longitude(), post.radiusMeters()));
        }
        for (CustomsOffice office : transit) {
            borderPosts.add(geofence(office));
        }
        List<RoutePlanSpec.StopSpec> stops = new ArrayList<>();
        for (RouteCorridor.AuthorisedStop stop : corridor.authorisedStops()) {
            stops.add(new RoutePlanSpec.StopSpec(
                    stop.name(),
                    stop.position().latitude(),
                    stop.position().longitude(),
                    stop.radiusMeters(),
                    stop.maxStayMinutes()));
        }
        List<RoutePlanSpec.ZoneSpec> zones = new ArrayList<>();
        for (RouteCorridor.Area zone : corridor.restrictedZones()) {
            List<List<Double>> ring = new ArrayList<>(zone.ring().size());
            for (RouteCorridor.Point point : zone.ring()) {
                ring.add(List.of(point.latitude(), point.longitude()));
            }
            zones.add(new RoutePlanSpec.ZoneSpec(zone.name(), null, null, null, ring));
        }
        double lengthKm = Math.ceil(corridor.lengthMeters() / 1000);
        List<RoutePlanSpec.SpeedBandSpec> speeds = new ArrayList<>();
        double lastUntil = 0;
        for (RouteCorridor.SpeedBand band : corridor.speedProfile()) {
            // The route library's last band has no end: it runs to the end of the corridor.
            double until = band.untilKm() == null ? Math.max(lengthKm, lastUntil + 1) : band.untilKm();
            speeds.add(new RoutePlanSpec.SpeedBandSpec(until, band.kmh()));
            lastUntil = until;
        }
        return new RoutePlanSpec(
                new RoutePlanSpec.CorridorSpec(path, corridor.widthMeters()),
                geofence(departure),
                geofence(destination),
                maxReportingGapSeconds,
                borderPosts,
                stops,
                zones,
                corridor.id(),
                corridor.version(),
                speeds,
                new RoutePlanSpec.RestSpec(
                        corridor.restAllowance().afterDrivingMinutes(),
                        corridor.restAllowance().restMinutes()));
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
