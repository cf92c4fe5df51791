package org.openects.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * Command line entry of the simulator ({@code ./ects simulate}). In platform mode (the default) it logs in to a running
 * platform, registers the e-seals and starts their movements through the API, then drives them over MQTT to the
 * platform's broker; with {@code --keys} (bare-broker mode) it drives devices registered beforehand, whose keys the
 * file holds, against any broker. Prints a status line every 10 seconds.
 */
public final class SimulatorMain {

    static final String USAGE = """
            Usage: ./ects simulate [OPTIONS]
            Drives virtual e-seals along the Mombasa-Malaba corridor; they publish signed native protocol reports to
            {prefix}/devices/{deviceId}/reports over MQTT (QoS 1) and answer the platform's commands. Devices 1-3 have
            incidents: a corridor deviation, a tampered seal, a 90 s signal gap followed by its buffered history.

            Platform mode (default): against a running platform, e.g. ./ects run in another terminal.
              Logs in, registers the devices (SIM-0001, SIM-0002...) for the seal provider "Simulated Seals Ltd",
              creates that provider an account for this run (sim-seals-..., random password kept in memory) which
              takes the devices' keys, starts one movement per device on the corridor, then drives them to the
              platform's MQTT broker. Watch them on the platform's map. A second run gives the same devices new keys
              and drives their movements on (an administrator may not cancel movements).
              --platform URL     the platform (default http://localhost:8080)
              --user NAME        an administrator's account: it registers devices, creates the seal provider's account
                                 and starts movements (default admin)
              --password PASS    its password (default: the ECTS_ADMIN_PASSWORD environment variable)
              --token TOKEN      an API bearer token of such an account, instead of --user and --password
              --id-prefix P      device ids are P0001, P0002... (default SIM-)
              --broker HOST:PORT the platform's MQTT broker (default: the platform's host, port 11883, where the
                                 single-box platform's embedded broker listens; ECTS_MQTT_PORT changes it there)

            Bare-broker mode (--keys FILE): devices registered beforehand, against any MQTT broker (load tests).
              --keys FILE        CSV of deviceId,base64key lines: the keys the platform issued when you registered the
                                 devices (POST /api/v1/devices or /api/v1/devices/import); no movement is started
              --broker HOST:PORT MQTT broker (default localhost:1883)

            Both modes:
              --devices N        number of devices (default 5 in platform mode, 10 with --keys but at most the keys in
                                 the file); --trucks N is the same
              --speedup X        trucks drive X times faster than real time; device clocks stay real (default 40)
              --interval D       real time between two reports of a device, e.g. 2s, 500ms, PT2S (default 2s)
              --duration D       stop after D, e.g. 90s, 10m, 1h (default: run until interrupted)
              --prefix PREFIX    MQTT topic prefix (default ects/v0, the platform's ECTS_MQTT_TOPIC_PREFIX)
              --mqtt-username U  broker user name (default: anonymous)
              --mqtt-password P  broker password
              --host HOST, --port PORT   the broker's host or port alone
              --client-id ID     MQTT client identifier (default ects-simulator-<random>)
              --encoding E       json (signed JSON, default) or compact (32-byte signed binary reports)
              --help             this text

            Examples:
              ECTS_ADMIN_PASSWORD=... ./ects simulate --devices 5
              ./ects simulate --platform http://ects.example:8080 --password ... --broker ects.example:1883
              ./ects simulate --keys keys.csv --broker broker.example:1883 --interval 1s
            """;

    /** The platform mode's default platform: the single-box default. */
    static final String DEFAULT_PLATFORM = "http://localhost:8080";

    /** The single-box platform's embedded MQTT broker port (ects-server's {@code ects.mqtt.embedded-port}). */
    static final int PLATFORM_BROKER_PORT = 11883;

    static final String DEFAULT_USER = "admin";
    static final String DEFAULT_ID_PREFIX = "SIM-";
    static final int DEFAULT_PLATFORM_DEVICES = 5;
    static final int DEFAULT_BROKER_DEVICES = 10;

    private static final long STATUS_EVERY_MS = 10_000;

    private SimulatorMain() {}

    /** How the simulator gets its devices. */
    enum Mode {
        /** Registered through a running platform's API, with movements. */
        PLATFORM,
        /** Keys from a file, any broker, no API. */
        BROKER
    }

    /** Parsed command line. */
    record Options(
            Mode mode,
            SimulatorConfig config,
            int devices,
            boolean devicesGiven,
            @Nullable Path keys,
            @Nullable Duration duration,
            boolean help,
            URI platform,
            String user,
            @Nullable String password,
            @Nullable String token,
            String idPrefix) {

        /** Without the passwords and the token. */
        @Override
        public String toString() {
            return "Options[" + mode + ", " + config + ", " + devices + " devices, platform " + platform + " as "
                    + (token != null ? "token" : user) + "]";
        }
    }

    /** Logback configuration used unless {@code -Dlogback.configurationFile} names another. */
    static final String LOGGING_CONFIG = "org/openects/simulator/simulator-cli-logback.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING_CONFIG);
        }
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line and answers its exit status: 0 when done (after {@code --duration} or when the JVM is
     * interrupted), 1 when the platform, the broker or the keys file fail, 2 for a bad command line.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.println("Try ./ects simulate --help");
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        List<SimulatedDevice> fleet;
        if (options.mode() == Mode.PLATFORM) {
            try {
                fleet = platformFleet(options, out);
            } catch (PlatformClient.PlatformException e) {
                err.println("simulate: " + e.getMessage());
                return 1;
            }
            if (fleet == null) {
                err.printf(
                        Locale.ROOT,
                        "simulate: no MQTT broker at %s:%d; the single-box platform's embedded broker listens on port %d"
                                + " (ECTS_MQTT_PORT); if the platform uses another broker, name it with --broker HOST:PORT%n",
                        options.config().host(),
                        options.config().port(),
                        PLATFORM_BROKER_PORT);
                return 1;
            }
        } else {
            List<DeviceKey> keys;
            Path keysFile = Objects.requireNonNull(options.keys());
            try {
                keys = DeviceKey.parseCsv(Files.readString(keysFile));
            } catch (IOException | IllegalArgumentException e) {
                err.println("simulate: cannot use keys from " + keysFile + ": " + e.getMessage());
                return 1;
            }
            if (keys.isEmpty()) {
                err.println("simulate: no keys in " + keysFile);
                return 1;
            }
            if (options.devicesGiven() && options.devices() < keys.size()) {
                keys = keys.subList(0, options.devices());
            }
            fleet = DemoFleet.create(keys);
        }
        drive(options, fleet, out);
        return 0;
    }

    /**
     * Logs in, checks the broker and sets the fleet up on the platform; {@code null} when the broker cannot be
     * reached (checked before anything is registered).
     */
    private static @Nullable List<SimulatedDevice> platformFleet(Options options, PrintStream out)
            throws PlatformClient.PlatformException {
        PlatformClient platform = new PlatformClient(options.platform());
        String token = options.token();
        if (token != null) {
            platform.useToken(token);
        } else {
            platform.login(options.user(), Objects.requireNonNull(options.password()));
        }
        SimulatorConfig config = options.config();
        if (!reachable(config.host(), config.port())) {
            return null;
        }
        out.printf(
                Locale.ROOT,
                "registering %d devices and starting their movements on %s%n",
                options.devices(),
                platform.base());
        PlatformFleet.Prepared prepared = PlatformFleet.prepare(
                platform, options.devices(), options.idPrefix(), maxReportingGapSeconds(config), out);
        out.printf(Locale.ROOT, "watch them at %s/ (log in as an operator or the administrator)%n", platform.base());
        return prepared.devices();
    }

    /**
     * The movements' maximum reporting gap: the demo's 45 s, shorter than the scripted signal gap, unless reports are
     * so far apart that every device would seem silent.
     */
    static int maxReportingGapSeconds(SimulatorConfig config) {
        long interval = (config.reportInterval().toMillis() + 999) / 1000;
        return (int) Math.min(604_800, Math.max(DemoFleet.MAX_REPORTING_GAP_SECONDS, 3 * interval));
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void drive(Options options, List<SimulatedDevice> fleet, PrintStream out) {
        CountDownLatch stop = new CountDownLatch(1);
        try (Simulator simulator = new Simulator(options.config(), fleet)) {
            Thread hook = new Thread(stop::countDown, "ects-simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Instant started = Instant.now();
            out.printf(
                    Locale.ROOT,
                    "simulating %d devices against %s:%d, topics %s/devices/{deviceId}/reports, speedup %s, every %s%n",
                    fleet.size(),
                    options.config().host(),
                    options.config().port(),
                    options.config().topicPrefix(),
                    options.config().speedup(),
                    options.config().reportInterval());
            simulator.start();
            if (options.mode() == Mode.PLATFORM) {
                for (SimulatedDevice device : fleet) {
                    simulator.requestTime(device.id()); // clock synchronisation, answered on its commands topic
                }
            }
            Duration duration = options.duration();
            Instant end = duration == null ? null : started.plus(duration);
            while (true) {
                long remainingMs = end == null
                        ? Long.MAX_VALUE
                        : Duration.between(Instant.now(), end).toMillis();
                if (remainingMs <= 0 || stop.await(Math.min(STATUS_EVERY_MS, remainingMs), TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (remainingMs > STATUS_EVERY_MS) {
                    out.printf(
                            Locale.ROOT,
                            "+%ds: %d reports taken, %d acknowledged, %d failed, %s%n",
                            Duration.between(started, Instant.now()).toSeconds(),
                            simulator.generated(),
                            simulator.published(),
                            simulator.failed(),
                            simulator.connected() ? "connected" : "not connected");
                }
            }
            simulator.close();
            out.printf(
                    Locale.ROOT,
                    "done: %d reports taken, %d acknowledged, %d failed%n",
                    simulator.generated(),
                    simulator.published(),
                    simulator.failed());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: nothing to remove
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Options parse(String[] args) {
        return parse(args, Map.of());
    }

    static Options parse(String[] args, Map<String, String> env) {
        SimulatorConfig config = SimulatorConfig.defaults();
        String host = null;
        Integer port = null;
        String mqttUsername = null;
        String mqttPassword = null;
        int devices = 0;
        boolean devicesGiven = false;
        Path keys = null;
        Duration duration = null;
        boolean help = false;
        URI platform = null;
        String user = null;
        String password = null;
        String token = null;
        String idPrefix = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                help = true;
                continue;
            }
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + option);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--platform" -> platform = parsePlatform(value);
                case "--user" -> user = nonBlank(option, value);
                case "--password" -> password = value;
                case "--token" -> token = nonBlank(option, value);
                case "--id-prefix" -> {
                    if (!DeviceId.isValid(value + "0001") || value.length() > 40) {
                        throw new IllegalArgumentException(
                                "--id-prefix must be letters, digits, '.', '-' or '_' (at most 40): " + value);
                    }
                    idPrefix = value;
                }
                case "--broker" -> {
                    int colon = value.lastIndexOf(':');
                    if (colon < 0) {
                        host = nonBlank(option, value);
                    } else {
                        host = nonBlank(option, value.substring(0, colon));
                        port = parsePort(option, value.substring(colon + 1));
                    }
                }
                case "--host" -> host = nonBlank(option, value);
                case "--port" -> port = parsePort(option, value);
                case "--mqtt-username" -> mqttUsername = value;
                case "--mqtt-password" -> mqttPassword = value;
                case "--username" ->
                    throw new IllegalArgumentException(
                            "--username is ambiguous: the broker's user is --mqtt-username, the platform account --user");
                case "--prefix" -> config = config.withTopicPrefix(value);
                case "--devices", "--trucks" -> {
                    devices = parseInt(option, value);
                    devicesGiven = true;
                    if (devices < 1 || devices > 9999) {
                        throw new IllegalArgumentException(option + " must be 1 to 9999");
                    }
                }
                case "--speedup" -> config = config.withSpeedup(parseDouble(option, value));
                case "--interval" -> config = config.withReportInterval(parseDuration(option, value));
                case "--keys" -> keys = Path.of(value);
                case "--duration" -> duration = parseDuration(option, value);
                case "--client-id" -> config = config.withClientId(value);
                case "--encoding" ->
                    config = switch (value.strip().toLowerCase(Locale.ROOT)) {
                        case "json" -> config.withEncoding(SimulatorConfig.Encoding.JSON);
                        case "compact" -> config.withEncoding(SimulatorConfig.Encoding.COMPACT);
                        default -> throw new IllegalArgumentException("--encoding must be json or compact: " + value);
                    };
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        Mode mode = keys != null ? Mode.BROKER : Mode.PLATFORM;
        URI platformUri = platform != null ? platform : URI.create(DEFAULT_PLATFORM);
        if (mode == Mode.BROKER) {
            if (platform != null || user != null || password != null || token != null || idPrefix != null) {
                throw new IllegalArgumentException("--keys drives devices you registered yourself, against the broker"
                        + " alone; it does not combine with --platform, --user, --password, --token or --id-prefix");
            }
            host = host != null ? host : SimulatorConfig.DEFAULT_HOST;
            port = port != null ? port : SimulatorConfig.DEFAULT_PORT;
        } else {
            if (token != null && (user != null || password != null)) {
                throw new IllegalArgumentException("give either --token or --user and --password, not both");
            }
            if (token == null && password == null) {
                String fromEnv = env.get("ECTS_ADMIN_PASSWORD");
                password = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
            }
            if (token == null && password == null && !help) {
                throw new IllegalArgumentException("platform mode logs in to " + platformUri + " as "
                        + (user != null ? user : DEFAULT_USER)
                        + ": give its password with --password PASS or ECTS_ADMIN_PASSWORD (or an API token with"
                        + " --token); to drive devices registered beforehand against a broker alone, use --keys FILE");
            }
            host = host != null ? host : Objects.requireNonNull(platformUri.getHost());
            port = port != null ? port : PLATFORM_BROKER_PORT;
        }
        if (!devicesGiven) {
            devices = mode == Mode.PLATFORM ? DEFAULT_PLATFORM_DEVICES : DEFAULT_BROKER_DEVICES;
        }
        config = config.withBroker(host, port).withCredentials(mqttUsername, mqttPassword);
        return new Options(
                mode,
                config,
                devices,
                devicesGiven,
                keys,
                duration,
                help,
                platformUri,
                user != null ? user : DEFAULT_USER,
                password,
                token,
                idPrefix != null ? idPrefix : DEFAULT_ID_PREFIX);
    }

    private static URI parsePlatform(String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "--platform must be an http(s) URL like " + DEFAULT_PLATFORM + ": " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--platform is not a URL: " + value);
        }
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
        return value.strip();
    }

    private static int parsePort(String option, String value) {
        int port = parseInt(option, value);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " port must be 1-65535: " + value);
        }
        return port;
    }

    /** {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}, a plain number of seconds, or ISO-8601 ({@code PT2S}). */
    static Duration parseDuration(String option, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            Duration duration;
            if (text.startsWith("pt") || text.startsWith("p")) {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else if (text.endsWith("ms")) {
                duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                duration =
                        Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            } else if (text.endsWith("m")) {
                duration =
                        Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
            } else if (text.endsWith("h")) {
                duration =
                        Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 3600));
            } else {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return duration;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(option + " is not a duration (like 500ms, 2s, 10m, PT2S): " + value);
        }
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is not a whole number: " + value);
        }
    }

    private static double parseDouble(String option, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is not a number: " + value);
        }
    }
}
