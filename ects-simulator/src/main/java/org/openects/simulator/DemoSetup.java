package org.openects.simulator;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openects.domain.DeviceId;

/**
 * Sets up the fleet of {@code ./ects demo} on a platform started in the demo mode, through its API, as the demo's
 * people would, following the customs transit procedure (docs/procedure.md): the seal provider ({@code sealprovider})
 * registers the seals {@code ESEAL-0001}… and takes their keys (the platform gives the seals of an earlier demo a new
 * key at each demo start, which the provider claims) and puts them in its stock; for each truck the trader ({@code
 * trader}) files a transit declaration with an MRN from Mombasa port to Malaba on the route library's Northern
 * Corridor and asks the provider for seals, the officer ({@code officer}) approves the request (the platform assigns
 * the seal from the stock), arms the seal at the port with a (drawn) photo and releases the movement for transit.
 * Truck {@value #OVERDUE_TRUCK}'s declaration has a time limit it cannot keep: its movement goes overdue, then to
 * enquiry. Three more declarations stop earlier: one only declared, one waiting for the officer's approval, one with
 * its seal assigned but not armed. A seal still on a supervised movement of an earlier demo drives that one on. Logs
 * in with the demo accounts' published passwords (README.md), which the platform creates in the demo mode.
 */
public final class DemoSetup {

    /** The demo accounts the setup logs in as, and their published passwords (ects-server's DemoAccounts). */
    static final String TRADER = "trader";

    static final String TRANSPORTER = "transporter";
    static final String SEAL_PROVIDER = "sealprovider";
    static final String OFFICER = "officer";
    static final String OPERATOR = "operator";

    /** The demo movements' references start with it. */
    public static final String REFERENCE_PREFIX = "KEMBA-DEMO";

    /** Where the demo officer arms the seals. */
    public static final String ARMING_PLACE = "Mombasa port (Kilindini), gate 18";

    private DemoSetup() {}

    /** The published password of the demo account {@code username}: {@code demo-operator-1} for {@code operator}. */
    static String password(String username) {
        return "demo-" + username + "-1";
    }

    /**
     * Sets up {@code trucks} seals and their movements on the platform at {@code platform}, printing one line per
     * truck to {@code out}, and answers the fleet to drive (counters carried on from the last the platform took).
     *
     * @param maxReportingGapSeconds the movements' maximum reporting gap; the truck that loses coverage gets {@link
     *     DemoFleet#maxReportingGap} instead
     * @throws PlatformClient.PlatformException when the platform refuses or cannot be reached; nothing is undone
     */
    public static List<SimulatedDevice> prepare(URI platform, int trucks, int maxReportingGapSeconds, PrintStream out)
            throws PlatformClient.PlatformException {
        PlatformClient trader = loggedIn(platform, TRADER);
        long transporter = loggedIn(platform, TRANSPORTER).me().organisationId();
        PlatformClient provider = loggedIn(platform, SEAL_PROVIDER);
        PlatformClient officer = loggedIn(platform, OFFICER);

        // Truck seals ESEAL-0001..n, then the spare that the showcase declaration gets assigned.
        List<DeviceKey> keys = new ArrayList<>(trucks);
        List<PlatformClient.RegisteredSeal> seals = new ArrayList<>(trucks + 1);
        for (int i = 1; i <= trucks + 1; i++) {
            PlatformClient.RegisteredSeal seal =
                    provider.registerOwnSeal(DemoFleet.deviceId(i), PlatformFleet.FIRMWARE);
            seals.add(seal);
            if (i <= trucks) {
                keys.add(new DeviceKey(seal.deviceId(), seal.key()));
            }
        }
        Set<String> continued = restock(provider, officer, seals);

        List<SimulatedDevice> planned = DemoFleet.create(keys);
        List<SimulatedDevice> fleet = new ArrayList<>(trucks);
        long run = Instant.now().getEpochSecond();
        DemoProcedure procedure =
                new DemoProcedure(trader, officer, transporter, provider.me().organisationId(), run);
        for (int i = 0; i < planned.size(); i++) {
            PlatformClient.RegisteredSeal seal = seals.get(i);
            DemoFleet.Truck truck = DemoFleet.onPlatform(
                    planned.get(i),
                    seal.lastCounter(),
                    REFERENCE_PREFIX,
                    i + 1,
                    run,
                    Duration.ofSeconds(maxReportingGapSeconds));
            fleet.add(truck.device());
            DeviceId id = truck.device().id();
            String vehicle = truck.plan().vehicle();
            String story;
            String reference;
            if (continued.contains(id.value())) {
                reference = "(its movement of an earlier run)";
                story = "continued from an earlier run";
            } else {
                int number = i + 1;
                boolean overdue = number == OVERDUE_TRUCK;
                reference = procedure.mrn(number);
                long declaration =
                        procedure.declare(number, vehicle, overdue ? OVERDUE_TIME_LIMIT : DemoProcedure.TIME_LIMIT);
                List<String> assigned = procedure.sealsFor(declaration);
                if (!assigned.contains(id.value())) {
                    throw new PlatformClient.PlatformException(
                            "the seal provider's stock gave " + assigned + " to " + reference + ", not " + id, 0);
                }
                PlatformClient.StartedMovement movement = procedure.movement(number);
                officer.armSeal(movement.id(), ARMING_PLACE, id.value(), DemoPhotos.sealedDoors(id.value(), vehicle));
                officer.transition(movement.id(), "IN_TRANSIT", ARMING_PLACE, "released for transit");
                story = "declared, seals requested and approved, armed, released for transit"
                        + (overdue ? "; its time limit is too short, so it goes overdue, then to enquiry" : "");
            }
            String incident = DemoFleet.incidentOf(i + 1);
            out.printf(
                    Locale.ROOT,
                    "  %-12s %-8s %s (%s): %s%s%n",
                    id.value(),
                    seal.reKeyed() ? "new key" : "new",
                    reference,
                    vehicle,
                    story,
                    incident.isEmpty() ? "" : "; " + incident);
        }
        showcase(procedure, trucks, out);
        out.flush();
        return List.copyOf(fleet);
    }

    /** The demo truck whose declaration has a time limit it cannot keep: it goes overdue, then to enquiry. */
    public static final int OVERDUE_TRUCK = 4;

    /** The overdue truck's time limit, from the moment it is declared. */
    public static final Duration OVERDUE_TIME_LIMIT = Duration.ofSeconds(45);

    /** The movement states in which the platform monitors a movement's devices (docs/procedure.md). */
    static final Set<String> SUPERVISED = Set.of(
            "ARMED",
            "IN_TRANSIT",
            "AT_BORDER",
            "ARRIVED",
            "SEALS_VERIFIED",
            "INCIDENT",
            "DIVERTED",
            "OVERDUE",
            "ENQUIRY");

    /** The states of a movement that has not reached its seals yet: the showcase declarations of an earlier run. */
    private static final Set<String> BEFORE_ARMING = Set.of("DECLARED", "SEALS_REQUESTED", "SEALS_ASSIGNED");

    /**
     * Makes the demo seals ready for this run: the seals still on a supervised movement of an earlier run keep it
     * (answered), the earlier run's showcase movements that never got armed are cancelled, and every other seal goes
     * back to the provider's stock, so that the approvals of this run assign them in order.
     */
    private static Set<String> restock(
            PlatformClient provider, PlatformClient officer, List<PlatformClient.RegisteredSeal> seals)
            throws PlatformClient.PlatformException {
        Set<String> continued = new HashSet<>();
        for (PlatformClient.MovementState movement : officer.movements()) {
            if (SUPERVISED.contains(movement.state())) {
                continued.addAll(movement.deviceIds());
            } else if (BEFORE_ARMING.contains(movement.state())
                    && movement.reference().contains("KEDM")) {
                officer.cancelMovement(movement.id(), "superseded by a new run of the demo");
            }
        }
        for (PlatformClient.RegisteredSeal seal : seals) {
            if (!continued.contains(seal.deviceId().value())) {
                provider.setLifecycle(seal.deviceId(), "IN_STOCK");
            }
        }
        return continued;
    }

    /** The declarations that stop before the road: declared, seals requested, seals assigned. */
    private static void showcase(DemoProcedure procedure, int trucks, PrintStream out)
            throws PlatformClient.PlatformException {
        int declared = trucks + 1;
        procedure.declare(declared, "KDX 901A / ZF 4901", DemoProcedure.TIME_LIMIT);
        out.printf(
                Locale.ROOT,
                "  %-21s %s: declared; the trader has not asked for seals yet%n",
                "",
                procedure.mrn(declared));
        int requested = trucks + 2;
        procedure.requestOnly(procedure.declare(requested, "KDX 902A / ZF 4902", DemoProcedure.TIME_LIMIT));
        out.printf(
                Locale.ROOT,
                "  %-21s %s: seals requested; waiting for the officer's approval (Seal requests)%n",
                "",
                procedure.mrn(requested));
        int assigned = trucks + 3;
        List<String> spare =
                procedure.sealsFor(procedure.declare(assigned, "KDX 903A / ZF 4903", DemoProcedure.TIME_LIMIT));
        out.printf(
                Locale.ROOT,
                "  %-21s %s: seal %s assigned; waiting to be armed at the port%n",
                "",
                procedure.mrn(assigned),
                String.join(", ", spare));
    }

    private static PlatformClient loggedIn(URI platform, String username) throws PlatformClient.PlatformException {
        PlatformClient client = new PlatformClient(platform);
        client.login(username, password(username));
        return client;
    }
}
