package org.openects.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Command line entry of the simulator ({@code ./ects simulate}): drives the demo fleet against an MQTT broker. Prints
 * generated keys as CSV so that an administrator can register the devices, then a status line every 10 seconds.
 */
public final class SimulatorMain {

    static final String USAGE = """
            Usage: ./ects simulate [OPTIONS]
            Drives a fleet of virtual e-seals along the Mombasa-Malaba corridor and publishes signed native
            protocol reports to {prefix}/devices/{deviceId}/reports over MQTT (QoS 1).

              --host HOST        MQTT broker host (default localhost)
              --port PORT        MQTT broker port (default 1883)
              --username USER    broker user name (default: anonymous)
              --password PASS    broker password
              --prefix PREFIX    topic prefix (default ects/v0)
              --trucks N         number of trucks (default 10; with --keys, at most the keys in the file)
              --speedup X        trucks drive X times faster than real time; device clocks stay real (default 40)
              --interval D       real time between two reports of a truck, e.g. 2s, 500ms, PT2S (default 2s)
              --keys FILE        CSV of deviceId,base64key lines to use; without it, fresh keys are generated
                                 and printed as such a CSV so that the devices can be registered
              --duration D       stop after D, e.g. 90s, 10m, 1h (default: run until interrupted)
              --client-id ID     MQTT client identifier (default ects-simulator-<random>)
              --encoding E       json (signed JSON, default) or compact (32-byte signed binary reports)
              --help             this text

            Trucks 1-3 have incidents: a corridor deviation, a tampered seal, a 90 s signal gap with buffered history.
            """;

    private static final long STATUS_EVERY_MS = 10_000;

    private SimulatorMain() {}

    /** Parsed command line. */
    record Options(
            SimulatorConfig config,
            int trucks,
            boolean trucksGiven,
            @Nullable Path keys,
            @Nullable Duration duration,
            boolean help) {}

    /** Logback configuration used unless {@code -Dlogback.configurationFile} names another. */
    static final String LOGGING_CONFIG = "org/openects/simulator/simulator-cli-logback.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING_CONFIG);
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.println("Try ./ects simulate --help");
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        List<DeviceKey> keys;
        Path keysFile = options.keys();
        if (keysFile != null) {
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
            if (options.trucksGiven() && options.trucks() < keys.size()) {
                keys = keys.subList(0, options.trucks());
            }
        } else {
            keys = DemoFleet.newKeys(options.trucks());
            out.println("# Register these devices with the server before their reports can be accepted:");
            out.print(DeviceKey.toCsv(keys));
            out.flush();
        }
        List<SimulatedDevice> fleet = DemoFleet.create(keys);
        CountDownLatch stop = new CountDownLatch(1);
        try (Simulator simulator = new Simulator(options.config(), fleet)) {
            Thread hook = new Thread(stop::countDown, "ects-simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Instant started = Instant.now();
            out.printf(
                    Locale.ROOT,
                    "simulating %d trucks against %s:%d, topics %s/devices/{deviceId}/reports, speedup %s, every %s%n",
                    fleet.size(),
                    options.config().host(),
                    options.config().port(),
                    options.config().topicPrefix(),
                    options.config().speedup(),
                    options.config().reportInterval());
            simulator.start();
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
        return 0;
    }

    static Options parse(String[] args) {
        SimulatorConfig config = SimulatorConfig.defaults();
        String host = config.host();
        int port = config.port();
        String username = null;
        String password = null;
        int trucks = 10;
        boolean trucksGiven = false;
        Path keys = null;
        Duration duration = null;
        boolean help = false;
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
                case "--host" -> host = value;
                case "--port" -> port = parseInt(option, value);
                case "--username" -> username = value;
                case "--password" -> password = value;
                case "--prefix" -> config = config.withTopicPrefix(value);
                case "--trucks" -> {
                    trucks = parseInt(option, value);
                    trucksGiven = true;
                    if (trucks < 1) {
                        throw new IllegalArgumentException("--trucks must be at least 1");
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
        config = config.withBroker(host, port).withCredentials(username, password);
        return new Options(config, trucks, trucksGiven, keys, duration, help);
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
