package org.openects.server.declarations.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openects.domain.customs.ContainerNumber;
import org.openects.domain.customs.CustomsReferenceException;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.corridors.CorridorLibrary;
import org.openects.server.declarations.DeclarationFiled;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.reference.CustomsOffice;
import org.openects.server.reference.CustomsOffices;
import org.openects.server.reference.OfficeRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Files declarations: checks every field (each refusal names the field and its rule, and nothing is stored), stores
 * the declaration, records {@code declaration.filed} in the audit log and publishes {@link DeclarationFiled}, all in
 * one transaction, so that a listener that throws undoes the filing.
 */
@Service
class DeclarationService {

    private static final Logger log = LoggerFactory.getLogger(DeclarationService.class);

    static final int MAX_TRANSIT_OFFICES = 20;
    static final int MAX_PLATES = 4;
    static final int MAX_CONTAINERS = 20;
    static final int MAX_SEALS = 20;
    static final int MAX_GOODS_SUMMARY = 500;

    /** A plate as stored: letters, digits, single spaces or hyphens inside, 1-20 characters. */
    static final Pattern PLATE = Pattern.compile("[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9])){0,19}");

    static final Pattern CORRIDOR_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final DocumentTypes types;
    private final CustomsOffices offices;
    private final Organisations organisations;
    private final JdbcDeclarations declarations;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final CorridorLibrary corridors;

    @Autowired
    DeclarationService(
            DocumentTypes types,
            CustomsOffices offices,
            Organisations organisations,
            JdbcDeclarations declarations,
            AuditLog audit,
            ApplicationEventPublisher events,
            CorridorLibrary corridors) {
        this(types, offices, organisations, declarations, audit, events, corridors, Clock.systemUTC());
    }

    DeclarationService(
            DocumentTypes types,
            CustomsOffices offices,
            Organisations organisations,
            JdbcDeclarations declarations,
            AuditLog audit,
            ApplicationEventPublisher events,
            CorridorLibrary corridors,
            Clock clock) {
        this.corridors = corridors;
        this.types = types;
        this.offices = offices;
        this.organisations = organisations;
        this.declarations = declarations;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Files the declaration for {@code user}: a trader for its own organisation, an officer or the customs system for
     * the trader it names.
     *
     * @throws RuleViolation naming each broken rule (400), or {@code declaration.duplicate} (409)
     */
    @Transactional
    Declaration file(DeclarationRequest request, CurrentUser user) {
        Instant now = clock.instant();
        JdbcDeclarations.NewDeclaration checked = check(request, user, now);
        if (declarations.exists(checked.type().code(), checked.reference())) {
            throw duplicate(checked);
        }
        Declaration stored;
        try {
            stored = declarations.insert(checked, now, user.username());
        } catch (DuplicateKeyException e) {
            throw duplicate(checked);
        }
        Map<String, String> details = new HashMap<>();
        details.put("documentType", stored.documentType());
        details.put("reference", stored.reference());
        details.put("declarantOrganisationId", Long.toString(stored.declarantOrganisationId()));
        details.put("officeOfDeparture", stored.officeOfDeparture());
        details.put("officeOfDestination", stored.officeOfDestination());
        details.put("sealsRequired", Integer.toString(stored.sealsRequired()));
        details.put("timeLimit", stored.timeLimit().toString());
        audit.record(new AuditEvent(
                now,
                AuditEvent.user(user.username()),
                "declaration.filed",
                "declaration",
                Long.toString(stored.id()),
                details,
                List.of()));
        events.publishEvent(new DeclarationFiled(
                stored.id(),
                stored.documentType(),
                stored.reference(),
                stored.declarantOrganisationId(),
                stored.transporterOrganisationId(),
                stored.officeOfDeparture(),
                stored.officeOfDestination(),
                stored.transitOffices(),
                stored.vehiclePlates(),
                stored.containerNumbers(),
                stored.sealsRequired(),
                stored.timeLimit(),
                stored.corridorId(),
                stored.corridorVersion(),
                user.username(),
                now));
        log.info(
                "Declaration {} {} {} filed by {}",
                stored.id(),
                stored.documentType(),
                stored.reference(),
                user.username());
        return stored;
    }

    private static RuleViolation duplicate(JdbcDeclarations.NewDeclaration checked) {
        return RuleViolation.conflict(
                "reference",
                "declaration.duplicate",
                "is already declared: a " + checked.type().code() + " declaration " + checked.reference() + " exists");
    }

    /** Every rule of a declaration; all broken ones are reported together. */
    private JdbcDeclarations.NewDeclaration check(DeclarationRequest r, CurrentUser user, Instant now) {
        List<RuleProblem> problems = new ArrayList<>();

        DocumentType type = null;
        if (blank(r.documentType())) {
            problems.add(required("documentType"));
        } else {
            type = types.find(r.documentType().trim().toUpperCase(Locale.ROOT)).orElse(null);
            if (type == null) {
                problems.add(new RuleProblem(
                        "documentType",
                        "declaration.document-type",
                        "must be one of "
                                + String.join(
                                        ", ",
                                        types.all().stream()
                                                .map(DocumentType::code)
                                                .toList())));
            }
        }
        String reference = null;
        if (blank(r.reference())) {
            problems.add(required("reference"));
        } else if (type != null) {
            try {
                reference = type.normalise(r.reference());
            } catch (CustomsReferenceException e) {
                problems.add(new RuleProblem("reference", e.rule(), e.getMessage()));
            }
        }

        Long declarant = declarant(r, user, problems);
        Long transporter = r.transporterOrganisationId();
        if (transporter != null) {
            Optional<Organisation> found = organisations.find(transporter);
            if (found.isEmpty() || found.get().type() != OrganisationType.TRANSPORTER) {
                problems.add(new RuleProblem(
                        "transporterOrganisationId",
                        "declaration.transporter",
                        "must be the id of a transporter organisation"));
            }
        }

        String departure = office("officeOfDeparture", r.officeOfDeparture(), Set.of(OfficeRole.DEPARTURE), problems);
        String destination =
                office("officeOfDestination", r.officeOfDestination(), Set.of(OfficeRole.DESTINATION), problems);
        List<String> transit = new ArrayList<>();
        List<@Nullable String> transitOffices = r.transitOffices() == null ? List.of() : r.transitOffices();
        if (transitOffices.size() > MAX_TRANSIT_OFFICES) {
            problems.add(new RuleProblem(
                    "transitOffices", "declaration.too-many", "must name at most " + MAX_TRANSIT_OFFICES + " offices"));
        } else {
            for (int i = 0; i < transitOffices.size(); i++) {
                String code = office(
                        "transitOffices[" + i + "]",
                        transitOffices.get(i),
                        Set.of(OfficeRole.TRANSIT, OfficeRole.BORDER),
                        problems);
                if (code != null) {
                    transit.add(code);
                }
            }
        }

        List<String> plates = new ArrayList<>();
        List<@Nullable String> vehiclePlates = r.vehiclePlates() == null ? List.of() : r.vehiclePlates();
        if (vehiclePlates.isEmpty()) {
            problems.add(new RuleProblem("vehiclePlates", "declaration.required", "must name at least one plate"));
        } else if (vehiclePlates.size() > MAX_PLATES) {
            problems.add(new RuleProblem(
                    "vehiclePlates", "declaration.too-many", "must name at most " + MAX_PLATES + " plates"));
        } else {
            for (int i = 0; i < vehiclePlates.size(); i++) {
                String plate = vehiclePlates.get(i) == null
                        ? ""
                        : vehiclePlates.get(i).trim().toUpperCase(Locale.ROOT);
                if (!PLATE.matcher(plate).matches()) {
                    problems.add(new RuleProblem(
                            "vehiclePlates[" + i + "]",
                            "declaration.vehicle-plate",
                            "must be 1-20 letters and digits, with single spaces or hyphens between them"));
                } else {
                    plates.add(plate);
                }
            }
        }

        List<String> containers = new ArrayList<>();
        List<@Nullable String> containerNumbers = r.containerNumbers() == null ? List.of() : r.containerNumbers();
        if (containerNumbers.size() > MAX_CONTAINERS) {
            problems.add(new RuleProblem(
                    "containerNumbers", "declaration.too-many", "must name at most " + MAX_CONTAINERS + " containers"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < containerNumbers.size(); i++) {
                String field = "containerNumbers[" + i + "]";
                try {
                    String number =
                            ContainerNumber.parse(containerNumbers.get(i)).value();
                    if (!seen.add(number)) {
                        problems.add(new RuleProblem(
                                field, "declaration.container-duplicate", "names container " + number + " twice"));
                    } else {
                        containers.add(number);
                    }
                } catch (CustomsReferenceException e) {
                    problems.add(new RuleProblem(field, e.rule(), e.getMessage()));
                }
            }
        }

        String goods = r.goodsSummary() == null ? "" : r.goodsSummary().strip();
        if (goods.isEmpty()) {
            problems.add(required("goodsSummary"));
        } else if (goods.length() > MAX_GOODS_SUMMARY) {
            problems.add(new RuleProblem(
                    "goodsSummary",
                    "declaration.goods-summary",
                    "must be at most " + MAX_GOODS_SUMMARY + " characters"));
        }

        Integer seals = r.sealsRequired();
        if (seals == null) {
            problems.add(required("sealsRequired"));
        } else if (seals < 1 || seals > MAX_SEALS) {
            problems.add(new RuleProblem(
                    "sealsRequired", "declaration.seals-required", "must be between 1 and " + MAX_SEALS));
        }

        Instant timeLimit = r.timeLimit();
        if (timeLimit == null) {
            problems.add(required("timeLimit"));
        } else if (!timeLimit.isAfter(now)) {
            problems.add(new RuleProblem("timeLimit", "declaration.time-limit", "must be in the future"));
        }

        String corridor = r.corridorId() == null ? null : r.corridorId().trim();
        if (corridor != null && !CORRIDOR_ID.matcher(corridor).matches()) {
            problems.add(new RuleProblem(
                    "corridorId", "declaration.corridor", "must be 1-64 letters, digits, '.', '-' or '_'"));
        }
        Integer corridorVersion = r.corridorVersion();
        if (corridorVersion != null && (corridor == null || corridorVersion < 1)) {
            problems.add(new RuleProblem(
                    "corridorVersion",
                    "declaration.corridor",
                    corridor == null ? "is given only with a corridorId" : "must be 1 or more"));
        } else if (corridor != null
                && CORRIDOR_ID.matcher(corridor).matches()
                && corridors.find(corridor, corridorVersion).isEmpty()) {
            problems.add(new RuleProblem(
                    corridorVersion == null ? "corridorId" : "corridorVersion",
                    "declaration.corridor-unknown",
                    "the route library has no corridor " + corridor
                            + (corridorVersion == null ? "" : " version " + corridorVersion)));
        }

        if (!problems.isEmpty()) {
            throw RuleViolation.invalid(problems);
        }
        return new JdbcDeclarations.NewDeclaration(
                type,
                reference,
                declarant,
                transporter,
                departure,
                destination,
                transit,
                plates,
                containers,
                goods,
                seals,
                timeLimit,
                corridor,
                corridorVersion);
    }

    /** The declarant: a trader's own organisation; for customs, the trader organisation named. */
    private @Nullable Long declarant(DeclarationRequest r, CurrentUser user, List<RuleProblem> problems) {
        Long named = r.declarantOrganisationId();
        if (!user.seesAllOrganisations()) {
            if (named != null && named != user.organisationId()) {
                problems.add(new RuleProblem(
                        "declarantOrganisationId",
                        "declaration.declarant-own",
                        "must be your own organisation (" + user.organisationId() + ") or left out"));
                return null;
            }
            named = user.organisationId();
        } else if (named == null) {
            problems.add(new RuleProblem(
                    "declarantOrganisationId",
                    "declaration.required",
                    "is required when customs files: name the trader organisation"));
            return null;
        }
        Optional<Organisation> found = organisations.find(named);
        if (found.isEmpty() || found.get().type() != OrganisationType.TRADER) {
            problems.add(new RuleProblem(
                    "declarantOrganisationId", "declaration.declarant", "must be the id of a trader organisation"));
            return null;
        }
        return named;
    }

    /** The office's code when it exists and has one of the roles; else a problem, and null. */
    private @Nullable String office(
            String field, @Nullable String code, Set<OfficeRole> roles, List<RuleProblem> problems) {
        if (blank(code)) {
            problems.add(required(field));
            return null;
        }
        String normalised = code.trim().toUpperCase(Locale.ROOT);
        Optional<CustomsOffice> office = offices.find(normalised);
        if (office.isEmpty()) {
            problems.add(new RuleProblem(
                    field,
                    "declaration.office-unknown",
                    "names no customs office of the reference data: " + normalised));
            return null;
        }
        if (office.get().roles().stream().noneMatch(roles::contains)) {
            problems.add(new RuleProblem(
                    field,
                    "declaration.office-role",
                    "must be an office with the role "
                            + String.join(
                                    " or ",
                                    roles.stream().sorted().map(Enum::name).toList()) + "; " + normalised + " has "
                            + office.get().roles()));
            return null;
        }
        return normalised;
    }

    private static RuleProblem required(String field) {
        return new RuleProblem(field, "declaration.required", "is required");
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
    }
}
