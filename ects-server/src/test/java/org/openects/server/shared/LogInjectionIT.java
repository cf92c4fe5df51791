package org.openects.server.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.IntegrationTest;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Logged user input cannot forge log entries: CR and LF inside a message or an exception's message are written as
 * {@code \r} and {@code \n} by the log layout ({@code logging.pattern.console} and {@code .file}), so a user name
 * carrying a line break and a fake entry stays on its own line.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionIT extends IntegrationTest {

    static final String FORGED = "2026-01-01T00:00:00.000Z  INFO [main] FORGED-ENTRY : Login of admin succeeded";

    @LocalServerPort
    int port;

    /** A fake entry short enough for a user name (at most 64 characters). */
    static final String FORGED_LOGIN = "2026-01-01T00:00Z  INFO FORGED : admin in";

    @Test
    void aUserNameWithCrLfLogsOnOneLine(CapturedOutput output) {
        String username = "crlf\r\n" + FORGED_LOGIN;

        Api.anonymous(port).post("/api/v1/auth/login", Map.of("username", username, "password", "not-the-password-1"));

        Eventually.await(
                Duration.ofSeconds(10),
                "the failed login in the log",
                () -> output.getOut().contains("'crlf\\r\\n" + FORGED_LOGIN + "'") ? true : null);
        assertThat(output.getOut().lines()).noneMatch(line -> line.startsWith(FORGED_LOGIN));
    }

    @Test
    void anExceptionMessageWithLineBreaksCannotStartALogLine(CapturedOutput output) {
        LoggerFactory.getLogger(LogInjectionIT.class)
                .warn(
                        "Refused input '{}'",
                        "a\rb\nc",
                        new IllegalStateException("first line\n" + FORGED, new RuntimeException("x\r\n" + FORGED)));

        assertThat(output.getOut()).contains("Refused input 'a\\rb\\nc'", "first line\\n" + FORGED, "x\\r\\n" + FORGED);
        assertThat(output.getOut().lines()).noneMatch(line -> line.startsWith(FORGED));
        assertThat(output.getOut().lines())
                .as("stack lines keep their own lines")
                .anyMatch(line -> line.startsWith("\tat org.openects.server.shared.LogInjectionIT"))
                .anyMatch(line -> line.startsWith("Caused by: java.lang.RuntimeException: x\\r\\n"));
    }
}
