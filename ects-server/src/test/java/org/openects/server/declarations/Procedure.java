package org.openects.server.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openects.domain.customs.Mrn;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;

/** Fixtures of the procedure's tests: MRNs, declarations, accounts, a tap on the published events. */
final class Procedure {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** The name of the trader organisation the tests' configuration names for automatic approval. */
    static final String AUTO_APPROVED_TRADER = "Auto-approved trader (tests)";

    private Procedure() {}

    /** A fresh MRN of Kenya, 2026, with its check character. */
    static String newMrn() {
        StringBuilder first17 = new StringBuilder("26KE");
        for (int i = 0; i < 12; i++) {
            first17.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        first17.append('T');
        return first17.toString() + Mrn.checkCharacter(first17.toString());
    }

    /** A valid declaration body: an MRN from Mombasa to Kampala by Malaba, two seals, one container. */
    static Map<String, Object> aDeclaration(String mrn) {
        Map<String, Object> body = new HashMap<>();
        body.put("documentType", "MRN");
        body.put("reference", mrn);
        body.put("officeOfDeparture", "KEMSA100");
        body.put("officeOfDestination", "UGKLA100");
        body.put("transitOffices", List.of("KEMAL100", "UGMAL100"));
        body.put("vehiclePlates", List.of("KDA 123A", "ZD 4567"));
        body.put("containerNumbers", List.of("CSQU3054383"));
        body.put("goodsSummary", "Cotton yarn, 18 t");
        body.put("sealsRequired", 2);
        body.put(
                "timeLimit",
                Instant.now()
                        .plus(Duration.ofDays(3))
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        return body;
    }

    /** A new account with this role in this organisation, logged in. */
    static Api account(Api admin, int port, long organisation, String role) {
        String username = Fixtures.uniqueId("test-procedure").toLowerCase(Locale.ROOT);
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

    /** Registers devices of a kind for a seal provider (registered devices are in stock). */
    static List<String> stock(Api admin, long provider, String kind, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = Fixtures.uniqueId(kind.replace("_", ""));
            Api.Response registered = admin.registerDevice(
                    Map.of("deviceId", id, "kind", kind, "ownerOrganisationId", provider, "protocol", "jt808"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            assertThat(registered.json().path("device").path("lifecycle").asString())
                    .isEqualTo("IN_STOCK");
            ids.add(id);
        }
        return ids;
    }

    /** The field and rule of each error of a problem detail, as {@code field=rule}. */
    static List<String> errors(Api.Response refused) {
        List<String> errors = new ArrayList<>();
        refused.json()
                .get("errors")
                .forEach(e -> errors.add(
                        e.get("field").asString() + "=" + e.get("rule").asString()));
        return errors;
    }

    /**
     * Listens to every event published while open, synchronously, on the publisher's thread (so inside its
     * transaction); {@code onEvent} may throw to refuse.
     */
    static final class Tap implements AutoCloseable {

        final List<Object> events = new CopyOnWriteArrayList<>();
        private final ApplicationEventMulticaster multicaster;
        private final ApplicationListener<ApplicationEvent> listener;

        Tap(ApplicationEventMulticaster multicaster, Consumer<Object> onEvent) {
            this.multicaster = multicaster;
            this.listener = event -> {
                if (event instanceof PayloadApplicationEvent<?> payload) {
                    events.add(payload.getPayload());
                    onEvent.accept(payload.getPayload());
                }
            };
            multicaster.addApplicationListener(listener);
        }

        Tap(ApplicationEventMulticaster multicaster) {
            this(multicaster, event -> {});
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        @Override
        public void close() {
            multicaster.removeApplicationListener(listener);
        }
    }
}
