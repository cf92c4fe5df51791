package org.openects.server.movements.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.openects.domain.GeoPosition;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.EvidenceExports;
import org.openects.server.audit.MovementSummary;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.Organisations;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A movement's evidence from the audit log: the signed XML bundle, the PDF report for people, the entries as CSV. */
@RestController
@RequestMapping("/api/v1/movements/{id}")
class MovementEvidenceController {

    private final MovementDirectory movements;
    private final EvidenceExports exports;
    private final Organisations organisations;
    private final DeviceRegistry devices;
    private final CustodyChain custody;

    MovementEvidenceController(
            MovementDirectory movements,
            EvidenceExports exports,
            Organisations organisations,
            DeviceRegistry devices,
            CustodyChain custody) {
        this.custody = custody;
        this.movements = movements;
        this.exports = exports;
        this.organisations = organisations;
        this.devices = devices;
    }

    @GetMapping("/evidence.xml")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN','OFFICER','OPERATOR')")
    ResponseEntity<byte[]> bundle(@PathVariable long id, CurrentUser user) {
        Movement movement = visible(id, user);
        byte[] xml = exports.movementBundle(id, movement.reference(), AuditEvent.user(user.username()));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(movement, "xml"))
                .contentType(MediaType.APPLICATION_XML)
                .body(xml);
    }

    @GetMapping("/evidence.pdf")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN','OFFICER','OPERATOR')")
    ResponseEntity<byte[]> report(@PathVariable long id, CurrentUser user) {
        Movement movement = visible(id, user);
        byte[] pdf = exports.movementReport(summary(movement), AuditEvent.user(user.username()));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(movement, "pdf"))
                .contentType(MediaType.APPLICATION_PDF)
                .body(pdf);
    }

    @GetMapping("/evidence.csv")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN','OFFICER','OPERATOR')")
    ResponseEntity<String> csv(@PathVariable long id, CurrentUser user) {
        Movement movement = visible(id, user);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(movement, "csv"))
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(exports.movementCsv(id, movement.reference(), AuditEvent.user(user.username())));
    }

    private Movement visible(long id, CurrentUser user) {
        return movements.findVisible(id, user).orElseThrow(() -> new NotFoundException("no movement " + id));
    }

    /** What the report's first pages show about the movement. */
    private MovementSummary summary(Movement movement) {
        RoutePlanSpec plan = movement.routePlan();
        List<GeoPosition> centreline = plan.corridor().path().stream()
                .map(point -> GeoPosition.of(point.get(0), point.get(1)))
                .toList();
        return new MovementSummary(
                movement.id(),
                movement.reference(),
                movement.vehicle(),
                movement.state().name(),
                movement.createdAt(),
                movement.endedAt(),
                organisation(movement.traderOrganisationId()),
                movement.transporterOrganisationId() == null
                        ? null
                        : organisation(movement.transporterOrganisationId()),
                movement.devices().stream()
                        .map(d ->
                                device(d.deviceId()) + " (" + d.role().name().toLowerCase(java.util.Locale.ROOT) + ")")
                        .toList(),
                new MovementSummary.Route(
                        centreline,
                        plan.corridor().widthMeters(),
                        place(plan.origin()),
                        place(plan.destination()),
                        plan.maxReportingGapSeconds(),
                        movement.estimatedDistanceMeters(),
                        movement.estimatedTransitSeconds(),
                        movement.timeLimit()),
                movement.endReason() == null ? null : movement.endReason() + " by " + movement.endedBy(),
                custody(movement.id()));
    }

    /** The chain of custody with the photos' thumbnails (three queries). */
    private List<MovementSummary.Custody> custody(long movementId) {
        List<CustodyStep> steps = custody.stepsOf(movementId);
        if (steps.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, byte[]> thumbnails = custody.thumbnailsOf(movementId);
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        return steps.stream()
                .map(step -> new MovementSummary.Custody(
                        step.id(),
                        step.recordedAt(),
                        step.kind().name(),
                        step.recordedBy(),
                        step.organisationId() == null
                                ? null
                                : names.computeIfAbsent(step.organisationId(), this::organisation),
                        step.place(),
                        step.fromParty(),
                        step.toParty(),
                        CustodyChain.seals(step.seals()),
                        step.note(),
                        step.photos().stream()
                                .map(photo -> new MovementSummary.Photo(
                                        photo.sha256(),
                                        photo.contentType(),
                                        photo.sizeBytes(),
                                        photo.width(),
                                        photo.height(),
                                        thumbnails.get(photo.sha256())))
                                .toList()))
                .toList();
    }

    private String organisation(long id) {
        return organisations.find(id).map(Organisation::name).orElse("organisation " + id) + " (organisation " + id
                + ")";
    }

    private String device(String deviceId) {
        return devices.find(deviceId)
                .map(device -> deviceId + ": " + describe(device))
                .orElse(deviceId);
    }

    private static String describe(Device device) {
        return List.of(
                        device.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        device.sealClass() == null ? "" : "ISO 17712 class " + device.sealClass(),
                        "protocol " + device.protocol(),
                        device.firmware() == null ? "" : "firmware " + device.firmware())
                .stream()
                .filter(part -> !part.isEmpty())
                .collect(Collectors.joining(", "));
    }

    private static MovementSummary.Place place(RoutePlanSpec.GeofenceSpec geofence) {
        return new MovementSummary.Place(
                geofence.name(), GeoPosition.of(geofence.latitude(), geofence.longitude()), geofence.radiusMeters());
    }

    private static String attachment(Movement movement, String extension) {
        String name = movement.reference().replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"movement-" + name + "." + extension + "\"";
    }
}
