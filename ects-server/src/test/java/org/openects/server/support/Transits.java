package org.openects.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openects.domain.customs.Mrn;
import tools.jackson.databind.JsonNode;

/**
 * Drives movements through the procedure on the API, as the people would: a trader files a declaration and asks for
 * seals, an officer approves from a provider's stock, arms the seals (a custody step) and releases the movement for
 * transit. For tests that need movements with an office of destination in a given state.
 */
public final class Transits {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Api admin;
    private final Api trader;
    private final Api officer;
    private final long provider;

    /**
     * @param admin an administrator (registers the provider's devices)
     * @param trader a trader account
     * @param officer an officer account
     */
    public Transits(Api admin, Api trader, Api officer) {
        this.admin = admin;
        this.trader = trader;
        this.officer = officer;
        this.provider = admin.newOrganisation("SEAL_PROVIDER");
    }

    /** A new account with one role in an organisation, logged in; its password is its username + "-password". */
    public static Api account(Api admin, int port, long organisation, String role, String prefix) {
        String username = Fixtures.uniqueId(prefix).toLowerCase(Locale.ROOT);
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        username + "-password",
                        "organisationId",
                        organisation,
                        "roles",
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Api.login(port, username, username + "-password");
    }

    /** A fresh MRN of Kenya, 2026, with its check character. */
    public static String newMrn() {
        StringBuilder first17 = new StringBuilder("26KE");
        for (int i = 0; i < 12; i++) {
            first17.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        first17.append('T');
        return first17.toString() + Mrn.checkCharacter(first17.toString());
    }

    /**
     * Files a declaration from one office to another for a vehicle with these plates (one seal), has it sealed, armed and released for transit.
     *
     * @return the movement as the API shows it, in {@code IN_TRANSIT}
     */
    public JsonNode inTransit(String departure, String destination, List<String> plates) {
        String mrn = newMrn();
        Api.Response filed = trader.post(
                "/api/v1/declarations",
                Map.of(
                        "documentType",
                        "MRN",
                        "reference",
                        mrn,
                        "officeOfDeparture",
                        departure,
                        "officeOfDestination",
                        destination,
                        "vehiclePlates",
                        plates,
                        "containerNumbers",
                        List.of("CSQU3054383"),
                        "goodsSummary",
                        "Cotton yarn, 18 t",
                        "sealsRequired",
                        1,
                        "timeLimit",
                        Instant.now()
                                .plus(Duration.ofDays(3))
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString()));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long declaration = filed.json().get("id").asLong();

        String seal = Fixtures.uniqueId("ESEAL");
        Api.Response registered = admin.registerDevice(
                Map.of("deviceId", seal, "kind", "E_SEAL", "ownerOrganisationId", provider, "protocol", "jt808"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        Api.Response requested = trader.post(
                "/api/v1/seal-requests", Map.of("declarationId", declaration, "providerOrganisationId", provider));
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        Api.Response approved = officer.post(
                "/api/v1/seal-requests/" + requested.json().get("id").asLong() + "/approve", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        long movement = movementOf(declaration);
        Api.Response armed = officer.post(
                "/api/v1/movements/" + movement + "/custody",
                Map.of(
                        "kind",
                        "ARMED",
                        "place",
                        departure,
                        "seals",
                        List.of(Map.of("number", seal, "state", "INTACT"))));
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
        return transition(movement, "IN_TRANSIT", "released for transit");
    }

    /** Moves a movement as the officer; the movement as answered. */
    public JsonNode transition(long movement, String to, String reason) {
        Api.Response moved =
                officer.post("/api/v1/movements/" + movement + "/transitions", Map.of("to", to, "reason", reason));
        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        assertThat(moved.json().get("state").asString()).isEqualTo(to);
        return moved.json();
    }

    private long movementOf(long declaration) {
        for (JsonNode movement : officer.get("/api/v1/movements").json()) {
            if (movement.path("declarationId").asLong(-1) == declaration) {
                return movement.get("id").asLong();
            }
        }
        throw new AssertionError("no movement for declaration " + declaration);
    }
}
