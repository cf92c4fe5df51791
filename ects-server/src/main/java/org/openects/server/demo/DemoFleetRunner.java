package org.openects.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.DeviceRegistration;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.devices.RegisteredDevice;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.DemoAccount;
import org.openects.server.identity.DemoAccounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.ingress.MqttProperties;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementRequest;
import org.openects.server.movements.Movements;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.movements.SealArming;
import org.openects.simulator.DemoFleet;
import org.openects.simulator.DeviceKey;
import org.openects.simulator.MovementPlan;
import org.openects.simulator.SimulatedDevice;
import org.openects.simulator.Simulator;
import org.openects.simulator.SimulatorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo once the platform is ready — accounts, e-seals (a fresh key each start), one movement per truck on
 * the Mombasa-Malaba corridor — then starts the simulator against the platform's own MQTT broker (its seals ask for
 * the platform's time and take commands) and prints where to look and how to log in.
 */
@Component
class DemoFleetRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoFleetRunner.class);
    private static final String ACTOR = "demo";

    private final DemoProperties properties;
    private final DemoAccounts demoAccounts;
    private final Organisations organisations;
    private final DeviceRegistry devices;
    private final Movements movements;
    private final MovementDirectory directory;
    private final MqttProperties mqtt;
    private final SealArming sealArming;
    private volatile @Nullable Simulator simulator;
    private volatile @Nullable ApplicationContext context;

    DemoFleetRunner(
            DemoProperties properties,
            DemoAccounts demoAccounts,
            Organisations organisations,
            DeviceRegistry devices,
            Movements movements,
            MovementDirectory directory,
            MqttProperties mqtt,
            SealArming sealArming) {
        this.sealArming = sealArming;
        this.properties = properties;
        this.demoAccounts = demoAccounts;
        this.organisations = organisations;
        this.devices = devices;
        this.movements = movements;
        this.directory = directory;
        this.mqtt = mqtt;
    }

    @EventListener
    void onReady(ApplicationReadyEvent ready) {
        if (!properties.enabled()) {
            return;
        }
        List<DemoAccount> accounts = demoAccounts.ensure();
        long trader = organisationOf(accounts, Role.TRADER);
        long transporter = organisationOf(accounts, Role.TRANSPORTER);
        long provider = organisations.ensure(DemoAccounts.SEAL_PROVIDER, OrganisationType.SEAL_PROVIDER);

        DemoAccount officerAccount = accounts.stream()
                .filter(a -> a.role() == Role.OFFICER)
                .findFirst()
                .orElseThrow();
        CurrentUser officer = new CurrentUser(
                officerAccount.username(),
                officerAccount.organisationId(),
                OrganisationType.CUSTOMS,
                Set.of(Role.OFFICER));
        String providerAccount = accounts.stream()
                .filter(a -> a.role() == Role.SEAL_PROVIDER)
                .findFirst()
                .orElseThrow()
                .username();
        List<DeviceKey> keys = new ArrayList<>();
        List<Long> lastCounters = new ArrayList<>();
        for (int i = 1; i <= properties.trucks(); i++) {
            DeviceId id = DemoFleet.deviceId(i);
            RegisteredDevice registered = keyFor(id, provider, providerAccount);
            keys.add(new DeviceKey(id, Base64.getDecoder().decode(registered.key())));
            lastCounters.add(registered.device().lastCounter());
        }
        List<SimulatedDevice> fleet = new ArrayList<>();
        List<SimulatedDevice> planned = DemoFleet.create(keys);
        for (int i = 0; i < planned.size(); i++) {
            SimulatedDevice d = planned.get(i);
            // Counters carry on from the last accepted one, so a restarted demo is not taken for a replay.
            fleet.add(new SimulatedDevice(
                    d.id(), d.key(), d.route(), d.startKm(), d.speedKmh(), d.incidents(), lastCounters.get(i) + 1));
            if (directory.activeFor(d.id()).isEmpty()) {
                int maxGapSeconds =
                        (int) DemoFleet.maxReportingGap(d, Duration.ofSeconds(properties.maxReportingGapSeconds()))
                                .toSeconds();
                Movement movement =
                        movements.start(movementFor(d.id(), i + 1, trader, transporter, maxGapSeconds), ACTOR);
                armed(movement, officer);
            }
        }

        SimulatorConfig config = SimulatorConfig.defaults()
                .withBroker(mqtt.brokerHost(), mqtt.brokerPort())
                .withCredentials(emptyToNull(mqtt.username()), emptyToNull(mqtt.password()))
                .withTopicPrefix(mqtt.topicPrefix())
                .withSpeedup(properties.speedup())
                .withReportInterval(SimulatorConfig.DEFAULT_REPORT_INTERVAL);
        Simulator running = new Simulator(config, fleet);
        running.start();
        for (SimulatedDevice device : fleet) {
            running.requestTime(device.id()); // clock synchronisation, answered on its commands topic
        }
        simulator = running;
        context = ready.getApplicationContext();
        banner(ready, accounts);
    }

    /** The demo officer arms the seal at the port, with a (drawn) photo: the movement's chain of custody begins. */
    private void armed(Movement movement, CurrentUser officer) {
        try {
            sealArming.armSeals(
                    movement.id(),
                    "Mombasa port (Kilindini), gate 18",
                    List.of(movement.deviceId()),
                    List.of(DemoPhotos.sealedDoors(movement.deviceId(), String.valueOf(movement.vehicle()))),
                    officer);
        } catch (RuntimeException e) {
            log.warn("Demo: the seal of movement {} could not be armed: {}", movement.reference(), e.getMessage());
        }
    }

    /**
     * A fresh key for the demo seal {@code id}, through the same flow as everyone's: registered (or re-keyed) by the
     * demo, owned by the demo seal provider, whose account {@code providerAccount} takes the key (provisioning).
     */
    private RegisteredDevice keyFor(DeviceId id, long provider, String providerAccount) {
        Optional<Device> existing = devices.find(id.value());
        if (existing.isPresent()) {
            devices.rotateKey(id.value(), ACTOR).orElseThrow();
        } else {
            devices.register(
                    new DeviceRegistration(id.value(), DeviceKind.E_SEAL, "H", provider, "sim-1.0", "openects"), ACTOR);
        }
        return devices.provisionKey(id.value(), provider, providerAccount)
                .orElseThrow(() -> new IllegalStateException(
                        "demo seal " + id + " is not owned by the demo seal provider " + DemoAccounts.SEAL_PROVIDER));
    }

    /** The demo's movement for truck {@code number}, as the simulator plans it (the same as {@code ./ects simulate}'s). */
    private MovementRequest movementFor(
            DeviceId device, int number, long trader, long transporter, int maxReportingGapSeconds) {
        MovementPlan plan = DemoFleet.movementPlan(
                "KEMBA-DEMO", device, number, Instant.now().getEpochSecond(), maxReportingGapSeconds);
        MovementPlan.RoutePlan route = plan.routePlan();
        RoutePlanSpec spec = new RoutePlanSpec(
                new RoutePlanSpec.CorridorSpec(route.pathPairs(), route.corridorWidthMeters()),
                geofence(route.origin()),
                geofence(route.destination()),
                route.maxReportingGapSeconds());
        return new MovementRequest(plan.reference(), trader, transporter, device.value(), plan.vehicle(), spec);
    }

    private static RoutePlanSpec.GeofenceSpec geofence(MovementPlan.Geofence geofence) {
        return new RoutePlanSpec.GeofenceSpec(
                geofence.name(), geofence.centre().latitude(), geofence.centre().longitude(), geofence.radiusMeters());
    }

    private static long organisationOf(List<DemoAccount> accounts, Role role) {
        return accounts.stream()
                .filter(a -> a.role() == role)
                .findFirst()
                .orElseThrow()
                .organisationId();
    }

    private static @Nullable String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private void banner(ApplicationReadyEvent ready, List<DemoAccount> accounts) {
        int port = ready.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : 8080;
        StringBuilder text = new StringBuilder();
        text.append("\n\n  OpenECTS demo is ready: http://localhost:")
                .append(port)
                .append("/\n\n");
        text.append("  ")
                .append(properties.trucks())
                .append(" e-sealed trucks drive Mombasa -> Malaba, ")
                .append((int) properties.speedup())
                .append("x faster than real life.\n");
        text.append("  Within the first minute: a corridor deviation, a seal tamper, a reporting gap"
                + " and the burst of buffered history that ends it.\n\n");
        text.append("  Log in as:\n");
        text.append(String.format(
                "    %-16s %-24s %s%n", "admin", "(ECTS_ADMIN_PASSWORD, or printed at first start)", "ADMIN"));
        for (DemoAccount a : accounts) {
            text.append(String.format(
                    "    %-16s %-24s %s (%s)%n", a.username(), a.password(), a.role(), a.organisationName()));
        }
        text.append("\n  Demo passwords are public: never expose the demo profile.\n");
        log.info("{}", text);
    }

    /**
     * Stops the fleet as soon as the platform begins to close, while the embedded broker (a lifecycle bean, stopped
     * next) still takes the fleet's last reports: stopped after it, the simulator would retry a broker that is gone
     * and wait for acknowledgements that never come.
     */
    @EventListener
    void onClosing(ContextClosedEvent closing) {
        if (closing.getApplicationContext() == context) {
            destroy();
        }
    }

    @Override
    public synchronized void destroy() {
        Simulator s = simulator;
        simulator = null;
        if (s != null) {
            s.close();
        }
    }
}
