package org.openects.server.declarations.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.declarations.SealRequestRefused;
import org.openects.server.declarations.SealsAssigned;
import org.openects.server.declarations.SealsRequested;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.DeviceStock;
import org.openects.server.devices.InsufficientStockException;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seal requests: a trader files one against its declaration; an officer (or the customs system) approves or refuses
 * it, or the configured automatic rule approves it as it is filed. An approval takes the devices from the provider's
 * stock ({@link DeviceStock}). Each step is stored, audited and published ({@link SealsRequested}, {@link
 * SealsAssigned}, {@link SealRequestRefused}) in one transaction: a listener that throws undoes it.
 */
@Service
class SealRequestService {

    private static final Logger log = LoggerFactory.getLogger(SealRequestService.class);

    /** The actor of the automatic approval, in the audit log and in {@link SealsAssigned#actor()}. */
    static final String AUTO_APPROVER = "system:seal-requests";

    static final int MAX_REASON = 500;

    static final Set<DeviceKind> SEAL_KINDS = Set.of(DeviceKind.E_SEAL, DeviceKind.E_LOCK);
    static final Set<DeviceKind> TRACKER_KINDS = Set.of(DeviceKind.TRACKER);

    private final JdbcDeclarations declarations;
    private final JdbcSealRequests requests;
    private final Organisations organisations;
    private final DeviceStock stock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final ProcedureProperties.AutoApprove autoApprove;
    private final Clock clock;

    @Autowired
    SealRequestService(
            JdbcDeclarations declarations,
            JdbcSealRequests requests,
            Organisations organisations,
            DeviceStock stock,
            AuditLog audit,
            ApplicationEventPublisher events,
            ProcedureProperties properties) {
        this(
                declarations,
                requests,
                organisations,
                stock,
                audit,
                events,
                properties.sealRequests().autoApprove(),
                Clock.systemUTC());
    }

    SealRequestService(
            JdbcDeclarations declarations,
            JdbcSealRequests requests,
            Organisations organisations,
            DeviceStock stock,
            AuditLog audit,
            ApplicationEventPublisher events,
            ProcedureProperties.AutoApprove autoApprove,
            Clock clock) {
        this.declarations = declarations;
        this.requests = requests;
        this.organisations = organisations;
        this.stock = stock;
        this.audit = audit;
        this.events = events;
        this.autoApprove = autoApprove;
        this.clock = clock;
    }

    /**
     * Files a trader's request, approving it at once when the automatic rule says so.
     *
     * @throws RuleViolation naming the rule the request breaks (nothing is stored)
     */
    @Transactional
    SealRequest request(SealRequestBody body, CurrentUser user) {
        Instant now = clock.instant();
        if (body.declarationId() == null) {
            throw RuleViolation.invalid("declarationId", "seal-request.declaration-unknown", "is required");
        }
        long declarationId = body.declarationId();
        Declaration declaration = declarations
                .find(declarationId)
                .orElseThrow(() -> RuleViolation.invalid(
                        "declarationId", "seal-request.declaration-unknown", "names no declaration: " + declarationId));
        if (declaration.declarantOrganisationId() != user.organisationId()) {
            throw RuleViolation.invalid(
                    "declarationId",
                    "seal-request.declaration-foreign",
                    "is another organisation's declaration: a trader asks for seals on its own declarations only");
        }
        List<RuleProblem> problems = new ArrayList<>();
        if (!declaration.sealRequestsAllowed()) {
            problems.add(new RuleProblem(
                    "declarationId",
                    "seal-request.document-type",
                    "is a " + declaration.documentType() + " declaration, which may not be used for an e-seal"
                            + " request"));
        }
        Long provider = body.providerOrganisationId();
        if (provider == null) {
            problems.add(new RuleProblem("providerOrganisationId", "seal-request.provider", "is required"));
        } else {
            Optional<Organisation> found = organisations.find(provider);
            if (found.isEmpty() || found.get().type() != OrganisationType.SEAL_PROVIDER) {
                problems.add(new RuleProblem(
                        "providerOrganisationId",
                        "seal-request.provider",
                        "must be the id of a seal provider organisation"));
            }
        }
        int seals = body.seals() == null ? declaration.sealsRequired() : body.seals();
        if (seals < 1 || seals > DeclarationService.MAX_SEALS) {
            problems.add(new RuleProblem(
                    "seals", "seal-request.seals", "must be between 1 and " + DeclarationService.MAX_SEALS));
        }
        if (!problems.isEmpty()) {
            throw RuleViolation.invalid(problems);
        }
        if (!declaration.usableAt(now)) {
            throw expired(declaration);
        }
        if (requests.hasOpenOrApproved(declarationId)) {
            throw alreadyRequested(declarationId);
        }
        boolean tracker = Boolean.TRUE.equals(body.tractorTracker());
        long id;
        try {
            id = requests.insert(declarationId, provider, seals, tracker, now, user.username());
        } catch (DuplicateKeyException e) {
            throw alreadyRequested(declarationId);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("declarationId", Long.toString(declarationId));
        details.put("providerOrganisationId", Long.toString(provider));
        details.put("seals", Integer.toString(seals));
        details.put("tractorTracker", Boolean.toString(tracker));
        audit.record(new AuditEvent(
                now,
                AuditEvent.user(user.username()),
                "seal-request.filed",
                "seal-request",
                Long.toString(id),
                details,
                List.of()));
        events.publishEvent(new SealsRequested(declarationId, id, user.username(), now));
        log.info("Seal request {} for declaration {} filed by {}", id, declarationId, user.username());
        if (autoApproves(declaration)) {
            approve(id, AUTO_APPROVER, AUTO_APPROVER, now);
        }
        return requests.find(id).orElseThrow();
    }

    /**
     * Approves a {@code REQUESTED} request: takes the devices from the provider's stock and publishes {@link
     * SealsAssigned}.
     *
     * @throws RuleViolation {@code seal-request.state}, {@code seal-request.declaration-expired} or {@code
     *     seal-request.stock} (409; nothing changes)
     */
    @Transactional
    SealRequest approve(long id, CurrentUser officer) {
        approve(id, officer.username(), AuditEvent.user(officer.username()), clock.instant());
        return requests.find(id).orElseThrow();
    }

    /**
     * Refuses a {@code REQUESTED} request with a reason; the trader may ask again.
     *
     * @throws RuleViolation {@code seal-request.reason} (400) or {@code seal-request.state} (409)
     */
    @Transactional
    SealRequest refuse(long id, @Nullable String reason, CurrentUser officer) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw RuleViolation.invalid("reason", "seal-request.reason", "must be 1-" + MAX_REASON + " characters");
        }
        Instant now = clock.instant();
        SealRequest request = requests.find(id).orElseThrow(() -> new NotFoundException("no seal request " + id));
        if (!requests.decide(id, SealRequestState.REFUSED, now, officer.username(), why)) {
            throw notRequested(id, request);
        }
        audit.record(new AuditEvent(
                now,
                AuditEvent.user(officer.username()),
                "seal-request.refused",
                "seal-request",
                Long.toString(id),
                Map.of("declarationId", Long.toString(request.declarationId()), "reason", why),
                List.of()));
        events.publishEvent(new SealRequestRefused(request.declarationId(), id, why, officer.username(), now));
        log.info("Seal request {} refused by {}", id, officer.username());
        return requests.find(id).orElseThrow();
    }

    private void approve(long id, String actorName, String auditActor, Instant now) {
        SealRequest request = requests.find(id).orElseThrow(() -> new NotFoundException("no seal request " + id));
        if (request.state() != SealRequestState.REQUESTED) {
            throw notRequested(id, request);
        }
        Declaration declaration = declarations.find(request.declarationId()).orElseThrow();
        if (!declaration.usableAt(now)) {
            throw expired(declaration);
        }
        int trackers = request.tractorTracker() ? 1 : 0;
        int sealsInStock = stock.available(request.providerOrganisationId(), SEAL_KINDS);
        int trackersInStock = trackers == 0 ? 0 : stock.available(request.providerOrganisationId(), TRACKER_KINDS);
        if (sealsInStock < request.seals() || trackersInStock < trackers) {
            throw insufficient(request, sealsInStock, trackersInStock);
        }
        if (!requests.decide(id, SealRequestState.APPROVED, now, actorName, null)) {
            throw notRequested(id, requests.find(id).orElseThrow());
        }
        String purpose = "seal-request " + id;
        List<SealsAssigned.AssignedDevice> assigned = new ArrayList<>();
        try {
            for (Device device :
                    stock.assign(request.providerOrganisationId(), SEAL_KINDS, request.seals(), purpose, auditActor)) {
                assigned.add(new SealsAssigned.AssignedDevice(device.deviceId(), SealsAssigned.Role.SEAL));
            }
            if (trackers > 0) {
                for (Device device :
                        stock.assign(request.providerOrganisationId(), TRACKER_KINDS, trackers, purpose, auditActor)) {
                    assigned.add(new SealsAssigned.AssignedDevice(device.deviceId(), SealsAssigned.Role.TRACKER));
                }
            }
        } catch (InsufficientStockException e) {
            // Another approval took them first: the rollback this causes puts back what this one took.
            throw insufficient(
                    request,
                    stock.available(request.providerOrganisationId(), SEAL_KINDS),
                    trackers == 0 ? 0 : stock.available(request.providerOrganisationId(), TRACKER_KINDS));
        }
        requests.addDevices(id, assigned);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("declarationId", Long.toString(request.declarationId()));
        details.put("providerOrganisationId", Long.toString(request.providerOrganisationId()));
        details.put(
                "devices",
                String.join(
                        ",",
                        assigned.stream()
                                .map(SealsAssigned.AssignedDevice::deviceId)
                                .toList()));
        audit.record(new AuditEvent(
                now, auditActor, "seal-request.approved", "seal-request", Long.toString(id), details, List.of()));
        events.publishEvent(new SealsAssigned(
                request.declarationId(), id, request.providerOrganisationId(), assigned, actorName, now));
        log.info("Seal request {} approved by {}: {}", id, actorName, details.get("devices"));
    }

    /** Whether the automatic rule approves requests on this declaration. */
    private boolean autoApproves(Declaration declaration) {
        if (!autoApprove.enabled()) {
            return false;
        }
        if (!autoApprove.documentTypes().isEmpty()
                && !autoApprove.documentTypes().contains(declaration.documentType())) {
            return false;
        }
        if (autoApprove.declarantOrganisations().isEmpty()) {
            return true;
        }
        return organisations
                .find(declaration.declarantOrganisationId())
                .map(o -> autoApprove.declarantOrganisations().contains(o.name()))
                .orElse(false);
    }

    private static RuleViolation insufficient(SealRequest request, int sealsInStock, int trackersInStock) {
        int trackers = request.tractorTracker() ? 1 : 0;
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("sealsRequested", request.seals());
        counts.put("sealsAvailable", sealsInStock);
        counts.put("trackersRequested", trackers);
        counts.put("trackersAvailable", trackersInStock);
        boolean sealsShort = sealsInStock < request.seals();
        return RuleViolation.conflict(
                sealsShort ? "seals" : "tractorTracker",
                "seal-request.stock",
                "cannot be met from the provider's stock: " + request.seals() + " seals asked, " + sealsInStock
                        + " in stock; " + trackers + " trackers asked, " + trackersInStock + " in stock",
                counts);
    }

    private static RuleViolation expired(Declaration declaration) {
        return RuleViolation.conflict(
                "declarationId",
                "seal-request.declaration-expired",
                "is a declaration that may no longer be used for a seal request: usable until "
                        + declaration.usableUntil() + " (validity of its type or its time limit)");
    }

    private static RuleViolation alreadyRequested(long declarationId) {
        return RuleViolation.conflict(
                "declarationId",
                "seal-request.already-requested",
                "already has a seal request that is open or approved: declaration " + declarationId);
    }

    private static RuleViolation notRequested(long id, SealRequest request) {
        return RuleViolation.conflict(
                "state",
                "seal-request.state",
                "is " + request.state() + ": only a REQUESTED request is approved or refused (request " + id + ")");
    }
}
