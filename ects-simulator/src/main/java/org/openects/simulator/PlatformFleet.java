package org.openects.simulator;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.openects.domain.DeviceId;

/**
 * Sets up the demo fleet on a running platform through its API ({@code ./ects simulate} in platform mode): registers
 * the e-seals as the administrator, owned by a simulated seal provider, and takes their keys as that provider (the
 * platform delivers a device's key only to its seal provider: the administrator creates, for each run, a provider
 * account with a random password the simulator keeps in memory only), then starts one movement per seal on the
 * Mombasa-Malaba corridor, declared by a simulated trader and carried by a simulated haulier (organisations found or
 * created by name). Devices left by an earlier run get a new key, and their counters carry on from the last one the
 * platform took; their earlier movements, still active, are driven on (cancelling a movement is a customs officer's
 * decision, not an administrator's).
 */
public final class PlatformFleet {

    /** The trader organisation that declares the simulated movements. */
    public static final String TRADER = "Simulated Traders Ltd";

    /** The haulier organisation that carries them. */
    public static final String TRANSPORTER = "Simulated Haulage Ltd";

    /** The seal provider organisation that owns the simulated seals and takes their keys. */
    public static final String SEAL_PROVIDER = "Simulated Seals Ltd";

    /** Each run's seal-provider account name starts with it. */
    public static final String PROVIDER_ACCOUNT_PREFIX = "sim-seals-";

    /** The movements' references start with it. */
    public static final String REFERENCE_PREFIX = "KEMBA-SIM";

    /** The firmware version the simulated seals register with. */
    static final String FIRMWARE = "sim-1.0";

    /** A fleet ready to drive and the movements it drives. */
    public record Prepared(List<SimulatedDevice> devices, List<PlatformClient.StartedMovement> movements) {}

    private PlatformFleet() {}

    /**
     * Registers {@code count} seals ({@code idPrefix0001}…) and starts their movements, printing one line per truck
     * to {@code out}.
     *
     * @throws PlatformClient.PlatformException when the platform refuses or cannot be reached; nothing is undone
     */
    public static Prepared prepare(
            PlatformClient platform, int count, String idPrefix, int maxReportingGapSeconds, PrintStream out)
            throws PlatformClient.PlatformException {
        PlatformClient.Account account = platform.me();
        if (!account.roles().contains("ADMIN")) {
            throw new PlatformClient.PlatformException(
                    "the account %s on %s has the roles %s; the simulator registers devices, creates organisations and starts movements, which needs an administrator's account (role ADMIN), e.g. --user admin"
                            .formatted(account.username(), platform.base(), account.roles()),
                    403);
        }
        long trader = platform.organisation(TRADER, "TRADER");
        long transporter = platform.organisation(TRANSPORTER, "TRANSPORTER");
        long provider = platform.organisation(SEAL_PROVIDER, "SEAL_PROVIDER");
        PlatformClient sealProvider = providerAccount(platform, provider);

        List<DeviceKey> keys = new ArrayList<>(count);
        List<PlatformClient.RegisteredSeal> seals = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            DeviceId id = DemoFleet.deviceId(idPrefix, i);
            boolean reKeyed = platform.registerSeal(id, FIRMWARE, provider);
            PlatformClient.RegisteredSeal seal = sealProvider.takeKey(id, reKeyed);
            seals.add(seal);
            keys.add(new DeviceKey(seal.deviceId(), seal.key()));
        }
        List<SimulatedDevice> planned = DemoFleet.create(keys);
        List<SimulatedDevice> fleet = new ArrayList<>(count);
        List<PlatformClient.StartedMovement> movements = new ArrayList<>(count);
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
            PlatformClient.StartedMovement movement = platform.startMovement(plan, trader, transporter);
            movements.add(movement);
            String incident = DemoFleet.incidentOf(i + 1);
            out.printf(
                    Locale.ROOT,
                    "  %-12s %-8s movement %s (%s)%s%s%n",
                    id.value(),
                    seal.reKeyed() ? "new key" : "new",
                    movement.reference(),
                    plan.vehicle(),
                    movement.continued() ? ", continued from an earlier run" : "",
                    incident.isEmpty() ? "" : ": " + incident);
        }
        out.flush();
        return new Prepared(List.copyOf(fleet), List.copyOf(movements));
    }

    /**
     * A seal-provider account of {@code providerOrganisationId} for this run, created by the administrator with a
     * random password kept in memory only, and logged in.
     */
    private static PlatformClient providerAccount(PlatformClient admin, long providerOrganisationId)
            throws PlatformClient.PlatformException {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String username = PROVIDER_ACCOUNT_PREFIX
                + Long.toString(Instant.now().getEpochSecond(), 36)
                + "-"
                + HexFormat.of().formatHex(random, 0, 2);
        admin.createAccount(username, password, providerOrganisationId, "SEAL_PROVIDER");
        PlatformClient provider = new PlatformClient(admin.base());
        provider.login(username, password);
        return provider;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
}
