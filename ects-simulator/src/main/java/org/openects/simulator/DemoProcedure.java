package org.openects.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.domain.customs.Iso6346;
import org.openects.domain.customs.Mrn;

/**
 * The customs transit procedure as the demo's people go through it (docs/procedure.md): the trader files a transit
 * declaration with its MRN, asks the demo seal provider for e-seals against it, the officer approves the request (the
 * platform assigns seals from the provider's stock), arms the seal at the port with a photo and releases the movement
 * for transit. Also files the declarations that stop earlier in the procedure, so that a newcomer sees a movement
 * declared, one waiting for the officer's approval and one with its seals assigned but not armed.
 */
final class DemoProcedure {

    /** Office of departure of the demo declarations: Mombasa port (the platform's customs offices file). */
    static final String DEPARTURE = "KEMSA100";

    /** Office of destination: the Kenyan side of the Malaba border post. */
    static final String DESTINATION = "KEMAL100";

    /** The route library's corridor the demo declarations name (the platform's corridors file). */
    static final String CORRIDOR = "northern-corridor-msa-mal";

    /** How long the demo declarations give the trucks to reach Malaba, except the one that is to be overdue. */
    static final Duration TIME_LIMIT = Duration.ofHours(6);

    private final PlatformClient trader;
    private final PlatformClient officer;
    private final long transporter;
    private final long provider;
    private final long run;

    DemoProcedure(PlatformClient trader, PlatformClient officer, long transporter, long provider, long run) {
        this.trader = trader;
        this.officer = officer;
        this.transporter = transporter;
        this.provider = provider;
        this.run = run;
    }

    /**
     * The MRN of the demo declaration {@code number} of this run: this year, Kenya, twelve characters made of the
     * run and the number, procedure category {@code T}, and its check character.
     */
    String mrn(int number) {
        int year = Instant.ofEpochSecond(run).atZone(ZoneOffset.UTC).getYear() % 100;
        String first17 = String.format(Locale.ROOT, "%02dKEDM%06d%04dT", year, run % 1_000_000, number);
        return new Mrn(first17 + Mrn.checkCharacter(first17)).value();
    }

    /** A container number with its ISO 6346 check digit, owner code {@code OECU} (made up for the demo). */
    String container(int number) {
        String first10 = String.format(Locale.ROOT, "OECU%06d", (run * 10 + number) % 1_000_000);
        return first10 + Iso6346.checkDigit(first10);
    }

    /** Files the declaration of demo movement {@code number} and answers its number. */
    long declare(int number, String vehicle, Duration timeLimit) throws PlatformClient.PlatformException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("documentType", "MRN");
        body.put("reference", mrn(number));
        body.put("transporterOrganisationId", transporter);
        body.put("officeOfDeparture", DEPARTURE);
        body.put("officeOfDestination", DESTINATION);
        body.put("vehiclePlates", plates(vehicle));
        body.put("containerNumbers", List.of(container(number)));
        body.put("goodsSummary", "Demo goods in transit: " + number + " pallets of machine parts");
        body.put("sealsRequired", 1);
        body.put("timeLimit", Instant.now().plus(timeLimit).toString());
        body.put("corridorId", CORRIDOR);
        return trader.fileDeclaration(body);
    }

    /** The plates of a demo vehicle description ({@code KDA 001A / ZF 4001}). */
    static List<String> plates(String vehicle) {
        List<String> plates = new ArrayList<>();
        for (String plate : vehicle.split("/")) {
            if (!plate.isBlank()) {
                plates.add(plate.strip());
            }
        }
        return plates;
    }

    /**
     * Asks for seals against the declaration and, unless the platform's automatic rule approved the request already,
     * approves it as the officer; answers the devices assigned.
     */
    List<String> sealsFor(long declarationId) throws PlatformClient.PlatformException {
        PlatformClient.SealRequest request = trader.requestSeals(declarationId, provider, false);
        if (!"APPROVED".equals(request.state())) {
            request = officer.approveSealRequest(request.id());
        }
        return request.devices();
    }

    /** Asks for seals and leaves the request for the officer: the movement waits in {@code SEALS_REQUESTED}. */
    long requestOnly(long declarationId) throws PlatformClient.PlatformException {
        return trader.requestSeals(declarationId, provider, false).id();
    }

    /** The movement the platform opened for the declaration of demo movement {@code number}. */
    PlatformClient.StartedMovement movement(int number) throws PlatformClient.PlatformException {
        String reference = mrn(number);
        PlatformClient.@Nullable StartedMovement movement = officer.movementOf(reference);
        if (movement == null) {
            throw new PlatformClient.PlatformException(
                    "the platform opened no movement for the declaration " + reference, 0);
        }
        return movement;
    }
}
