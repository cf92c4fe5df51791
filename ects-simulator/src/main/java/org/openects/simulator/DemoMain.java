package org.openects.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The simulated fleet of {@code ./ects demo}, in a JVM of its own beside the platform's. The launcher starts the
 * platform with the demo profile and a fresh {@code --ects.demo.ready-file}, then this with {@code --ready-file} naming
 * the same file: it waits for the platform to write it (once the demo accounts exist and the demo seals have new keys
 * waiting), reads there the platform's URL, MQTT broker and topic prefix and the fleet's settings, sets the fleet up
 * through the API ({@link DemoSetup}), drives it over MQTT ({@link Simulator}: the seals ask for the platform's time and
 * take its commands), prints that the demo is ready, and runs until the JVM is stopped.
 */
public final class DemoMain {

    static final String USAGE = """
            Usage: ./ects demo   (this is the simulated fleet's half of it; the launcher starts both)
              --ready-file FILE  the file the demo platform writes when it is ready (--ects.demo.ready-file)
              --wait D           how long to wait for it, e.g. 90s, 10m (default 10m)
            """;

    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

    private static final Duration POLL = Duration.ofMillis(200);

    private DemoMain() {}

    /**
     * What the fleet needs, read from the platform's ready file.
     *
     * @param platform the platform's URL
     * @param config the simulator's: the platform's broker, topic prefix and credentials, the demo's speedup
     * @param trucks how many trucks drive
     * @param maxReportingGapSeconds the movements' maximum reporting gap
     */
    public record Settings(URI platform, SimulatorConfig config, int trucks, int maxReportingGapSeconds) {}

    /** The demo fleet driving; {@link #close()} stops it (waiting briefly for the last acknowledgements). */
    public static final class Fleet implements AutoCloseable {
        private final Simulator simulator;

        private Fleet(Simulator simulator) {
            this.simulator = simulator;
        }

        public Simulator simulator() {
            return simulator;
        }

        @Override
        public void close() {
            simulator.close();
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", SimulatorMain.LOGGING_CONFIG);
        }
        System.setProperty("java.awt.headless", "true"); // the officer's photo is drawn, never shown
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the fleet until the JVM is stopped; answers the exit status: 0 when stopped, 1 when the ready file does not
     * come or the platform refuses the setup, 2 for a bad command line.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path readyFile = null;
        Duration wait = DEFAULT_WAIT;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--ready-file" -> readyFile = Path.of(value(args, ++i));
                    case "--wait" -> wait = SimulatorMain.parseDuration("--wait", value(args, ++i));
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
            }
            if (readyFile == null) {
                throw new IllegalArgumentException("--ready-file FILE is required");
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("demo: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Settings settings;
        try {
            settings = settings(awaitReadyFile(readyFile, wait));
        } catch (IOException | IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "ects-demo-shutdown"));
        try (Fleet fleet = start(settings, out)) {
            stop.await();
            out.println("demo: stopping the simulated fleet");
        } catch (PlatformClient.PlatformException e) {
            err.println("demo: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Sets the fleet up on the platform, starts driving it, and prints that the demo is ready.
     *
     * @throws PlatformClient.PlatformException when the platform refuses or cannot be reached
     */
    public static Fleet start(Settings settings, PrintStream out) throws PlatformClient.PlatformException {
        out.printf(
                Locale.ROOT,
                "demo: setting up %d e-sealed trucks on %s as the demo seal provider and officer%n",
                settings.trucks(),
                settings.platform());
        List<SimulatedDevice> devices =
                DemoSetup.prepare(settings.platform(), settings.trucks(), settings.maxReportingGapSeconds(), out);
        Simulator simulator = new Simulator(settings.config(), devices);
        simulator.start();
        for (SimulatedDevice device : devices) {
            simulator.requestTime(device.id()); // clock synchronisation, answered on its commands topic
        }
        out.print(banner(settings));
        out.flush();
        return new Fleet(simulator);
    }

    /**
     * Waits until {@code file} exists (the platform writes it whole, at once), polling; answers its properties.
     *
     * @throws IOException when it does not appear within {@code wait} or cannot be read
     */
    public static Properties awaitReadyFile(Path file, Duration wait) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the demo platform did not write " + file + " within " + wait.toSeconds()
                        + " s; is it starting (./ects demo starts both)?");
            }
            Thread.sleep(POLL.toMillis());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * The settings the platform wrote (ects-server's {@code DemoPlatform}: {@code url}, {@code mqtt.host}, {@code
     * mqtt.port}, {@code mqtt.topic-prefix}, optional {@code mqtt.username} and {@code mqtt.password}, {@code trucks},
     * {@code speedup}, {@code max-reporting-gap-seconds}).
     *
     * @throws IllegalArgumentException when one is missing or malformed
     */
    public static Settings settings(Properties file) {
        URI platform = URI.create(required(file, "url"));
        SimulatorConfig config = SimulatorConfig.defaults()
                .withBroker(required(file, "mqtt.host"), Integer.parseInt(required(file, "mqtt.port")))
                .withCredentials(file.getProperty("mqtt.username"), file.getProperty("mqtt.password"))
                .withTopicPrefix(required(file, "mqtt.topic-prefix"))
                .withSpeedup(Double.parseDouble(required(file, "speedup")))
                .withReportInterval(SimulatorConfig.DEFAULT_REPORT_INTERVAL);
        int trucks = Integer.parseInt(required(file, "trucks"));
        if (trucks < 1) {
            throw new IllegalArgumentException("the demo needs at least one truck, not " + trucks);
        }
        return new Settings(platform, config, trucks, Integer.parseInt(required(file, "max-reporting-gap-seconds")));
    }

    static String banner(Settings settings) {
        double speedup = settings.config().speedup();
        String times = speedup == Math.rint(speedup) ? Long.toString((long) speedup) : Double.toString(speedup);
        return String.format(
                Locale.ROOT,
                """

                  OpenECTS demo is ready: %s/

                  %d e-sealed trucks drive Mombasa -> Malaba, %sx faster than real life.
                  Within the first minute: a corridor deviation, a seal tamper, a reporting gap
                  and the burst of buffered history that ends it.

                  Log in as %s (password %s) to watch them; the platform listed every demo account above.
                  Ctrl-C stops the fleet and the platform.

                """,
                settings.platform(),
                settings.trucks(),
                times,
                DemoSetup.OPERATOR,
                DemoSetup.password(DemoSetup.OPERATOR));
    }

    private static String required(Properties file, String key) {
        String value = file.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the demo platform's ready file has no " + key);
        }
        return value.strip();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1]);
        }
        return args[i];
    }
}
