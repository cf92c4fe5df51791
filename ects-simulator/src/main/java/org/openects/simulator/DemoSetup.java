package org.openects.simulator;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openects.domain.DeviceId;

/**
 * Sets up the fleet of {@code ./ects demo} on a platform started in the demo mode, through its API, as the demo's
 * people would: the seal provider ({@code sealprovider}) registers the seals {@code ESEAL-0001}… and takes their keys
 * (the platform gives the seals of an earlier demo a new key at each demo start, which the provider claims), the
 * officer ({@code officer}) declares one movement per seal on the Mombasa-Malaba corridor for the demo trader and
 * haulier, and arms its seal at the port with a (drawn) photo. A seal still on an active movement of an earlier demo
 * drives that one on. Logs in with the demo accounts' published passwords (README.md), which the platform creates in
 * the demo mode.
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
        long trader = loggedIn(platform, TRADER).me().organisationId();
        long transporter = loggedIn(platform, TRANSPORTER).me().organisationId();
        PlatformClient provider = loggedIn(platform, SEAL_PROVIDER);
        PlatformClient officer = loggedIn(platform, OFFICER);

        List<DeviceKey> keys = new ArrayList<>(trucks);
        List<PlatformClient.RegisteredSeal> seals = new ArrayList<>(trucks);
        for (int i = 1; i <= trucks; i++) {
            PlatformClient.RegisteredSeal seal =
                    provider.registerOwnSeal(DemoFleet.deviceId(i), PlatformFleet.FIRMWARE);
            seals.add(seal);
            keys.add(new DeviceKey(seal.deviceId(), seal.key()));
        }
        List<SimulatedDevice> planned = DemoFleet.create(keys);
        List<SimulatedDevice> fleet = new ArrayList<>(trucks);
        long run = Instant.now().getEpochSecond();
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
            MovementPlan plan = truck.plan();
            PlatformClient.StartedMovement movement = officer.startMovement(plan, trader, transporter);
            String armed = "";
            if (!movement.continued()) {
                try {
                    officer.armSeal(
                            movement.id(),
                            ARMING_PLACE,
                            id.value(),
                            DemoPhotos.sealedDoors(id.value(), plan.vehicle()));
                    armed = ", armed by the officer";
                } catch (PlatformClient.PlatformException e) {
                    armed = ", not armed: " + e.getMessage();
                }
            }
            String incident = DemoFleet.incidentOf(i + 1);
            out.printf(
                    Locale.ROOT,
                    "  %-12s %-8s movement %s (%s)%s%s%s%n",
                    id.value(),
                    seal.reKeyed() ? "new key" : "new",
                    movement.reference(),
                    plan.vehicle(),
                    movement.continued() ? ", continued from an earlier run" : "",
                    armed,
                    incident.isEmpty() ? "" : ": " + incident);
        }
        out.flush();
        return List.copyOf(fleet);
    }

    private static PlatformClient loggedIn(URI platform, String username) throws PlatformClient.PlatformException {
        PlatformClient client = new PlatformClient(platform);
        client.login(username, password(username));
        return client;
    }
}
