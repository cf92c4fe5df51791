package org.openects.server.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's real Chromium, headless, driven through Debian's ChromeDriver, with a fresh profile. The driver path is
 * given explicitly, so Selenium Manager never looks for (or downloads) anything. Missing packages fail the test with
 * the command that installs them.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final String INSTALL =
            "install Chromium: apt-get update && apt-get install -y chromium chromium-driver";

    private static final Logger log = LoggerFactory.getLogger(HeadlessChromium.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path DOCS_SCREENSHOTS = Path.of("..", "docs", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static HeadlessChromium start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail(INSTALL);
        }
        Path profile = Files.createTempDirectory("ects-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1440,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves what the browser shows to {@code target/screenshots/NAME}. */
    public void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * A screenshot that docs/ui.md shows: saved like {@link #screenshot}, and with {@code -Dects.docs.write=true}
     * also to {@code docs/screenshots/NAME}.
     */
    public void screenshotForDocs(String name) throws IOException {
        screenshot(name);
        if (Boolean.getBoolean("ects.docs.write")) {
            Files.createDirectories(DOCS_SCREENSHOTS);
            Files.copy(SCREENSHOTS.resolve(name), DOCS_SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Logs the page's console output (for diagnosis), quits the browser and deletes its profile. */
    @Override
    public void close() throws IOException {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                log.info("browser console: {}", entry);
            }
        } finally {
            driver.quit();
            FileSystemUtils.deleteRecursively(profile);
        }
    }
}
