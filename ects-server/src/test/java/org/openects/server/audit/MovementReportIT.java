package org.openects.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.codec.openects.CompactCodec;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.evidence.Verdict;
import org.openects.evidence.bundle.BundleVerifier;
import org.openects.evidence.bundle.EvidenceBundle;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.evidence.cli.VerifyCommand;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The PDF report of a movement on real servers: reports over MQTT, an alert handled by an operator, the report
 * downloaded by an auditor and read back with PDFBox; then checked against the audit log and the XML bundle fetched
 * after it.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class MovementReportIT extends IntegrationTest {

    private static final Pattern CHECKPOINT_SIZE = Pattern.compile("Checkpoint size ([0-9,]+) entries");
    private static final Pattern CHECKPOINT_ROOT = Pattern.compile("Checkpoint root (\\S+)");

    @LocalServerPort
    int port;

    @Autowired
    Organisations organisations;

    @Autowired
    Accounts accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    Api admin;
    long traderId;
    String deviceId;
    byte[] key;
    long movementId;
    String reference;
    String operator;
    String auditor;
    String trader;

    @BeforeEach
    void aMovementAndThePeopleWhoHandleIt() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        String name = Fixtures.uniqueId("Trader");
        traderId = admin.post("/api/v1/organisations", Map.of("name", name, "type", "TRADER"))
                .json()
                .get("id")
                .asLong();
        deviceId = Fixtures.uniqueId("ESEAL");
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(deviceId));
        assertThat(registered.status()).isEqualTo(201);
        key = Base64.getDecoder().decode(registered.json().get("key").asString());
        reference = Fixtures.uniqueId("MRN");
        Api.Response movement = admin.post("/api/v1/movements", Fixtures.aMovement(reference, traderId, deviceId));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        movementId = movement.json().get("id").asLong();

        long customs = organisations.ensure("Report test customs", OrganisationType.CUSTOMS);
        // Short names: they fit the report's narrow columns unwrapped, so the extracted text holds them whole.
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        operator = user("op" + suffix, customs, Role.OPERATOR);
        auditor = user("au" + suffix, customs, Role.AUDITOR);
        trader = user("tr" + suffix, traderId, Role.TRADER);
    }

    @Test
    void theReportShowsTheMovementItsHandledAlertAndHowToVerifyIt(@TempDir Path dir) throws Exception {
        try (DevicePublisher device = new DevicePublisher()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            device.publish(
                    report(1, now.minusSeconds(40)).position(-4.05, 39.66).build(), key);
            device.publish(
                    report(2, now.minusSeconds(20)).position(-3.20, 39.40).build(), key);
        }
        long alertId = awaitAlert().get("id").asLong();
        Api operatorApi = Api.login(port, operator, operator + "-password");
        assertThat(operatorApi
                        .post("/api/v1/alerts/" + alertId + "/acknowledge", null)
                        .status())
                .isEqualTo(200);
        Api.Response resolved = operatorApi.post(
                "/api/v1/alerts/" + alertId + "/resolve",
                Map.of("resolution", "FALSE_ALARM", "reason", "Driver took the Mazeras bypass ✓, confirmed by phone"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);

        HttpResponse<byte[]> response = download(auditor, "/api/v1/movements/" + movementId + "/evidence.pdf");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"movement-" + reference + ".pdf\"");
        Files.createDirectories(Path.of("target", "reports"));
        Files.write(Path.of("target", "reports", "movement-report-it.pdf"), response.body());
        String verifierKey =
                Api.anonymous(port).get("/api/v1/audit/verifier-key").body().strip();
        try (PDDocument pdf = Loader.loadPDF(response.body())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text)
                    .contains(reference, "Mombasa port", "Voi", "KDA 123A")
                    .contains(deviceId + ": e-seal, ISO 17712 class H")
                    .contains("CORRIDOR_LEFT", "false alarm", "FALSE_ALARM")
                    .contains("by " + operator)
                    .contains("Mazeras bypass ?,")
                    .contains("user:" + operator, "acknowledged alert A1", "closed alert A1")
                    .contains("started supervision of movement " + movementId)
                    .contains("by user:" + auditor)
                    .contains("No custody step was recorded for this movement.")
                    .contains("./ects verify movement-" + reference + ".xml --key")
                    .contains(verifierKey)
                    .contains("is not the evidence");

            long size = Long.parseLong(find(CHECKPOINT_SIZE, text).replace(",", ""));
            String root = find(CHECKPOINT_ROOT, text);
            String note = jdbc.queryForObject("SELECT note FROM audit_checkpoints WHERE size = ?", String.class, size);
            SignedCheckpoint signed = valid(Checkpoints.verify(note, VerifierKey.parse(verifierKey)));
            assertThat(signed.checkpoint().root().base64()).isEqualTo(root);

            List<Long> exported = jdbc.queryForList(
                    "SELECT sequence FROM audit_entries WHERE subject_type = 'movement' AND subject_id = ?"
                            + " AND action = 'evidence.exported' AND actor = ? AND sequence < ?",
                    Long.class,
                    Long.toString(movementId),
                    "user:" + auditor,
                    size);
            assertThat(exported)
                    .as("the PDF export is logged under the report's checkpoint")
                    .hasSize(1);

            // The map fills the page above its legend: look there only.
            BufferedImage page = new PDFRenderer(pdf).renderImage(1, 1f);
            BufferedImage route = page.getSubimage(0, 0, page.getWidth(), page.getHeight() * 4 / 5);
            assertThat(share(route, rgb -> blue(rgb) > red(rgb) + 80 && blue(rgb) > 120))
                    .as("the drawn track")
                    .isGreaterThan(0.0002);
            assertThat(share(route, rgb -> red(rgb) > 180 && green(rgb) < 60 && blue(rgb) < 60))
                    .as("the alert marker")
                    .isGreaterThan(0.00002);
            assertThat(share(route, rgb -> (rgb & 0xFFFFFF) != 0xFFFFFF))
                    .as("drawn content")
                    .isGreaterThan(0.3);

            // The XML bundle fetched afterwards vouches for the same entries, under a checkpoint that extends this one.
            byte[] xml = download(auditor, "/api/v1/movements/" + movementId + "/evidence.xml")
                    .body();
            EvidenceBundle bundle = valid(new BundleVerifier(VerifierKey.parse(verifierKey)).verify(xml));
            List<Long> reported = jdbc.queryForList(
                    "SELECT sequence FROM audit_entries WHERE ((subject_type = 'movement' AND subject_id = ?)"
                            + " OR (subject_type = 'alert' AND subject_id = ?)) AND sequence < ? ORDER BY sequence",
                    Long.class,
                    Long.toString(movementId),
                    Long.toString(alertId),
                    size);
            assertThat(bundle.entries()).extracting(e -> e.entry().sequence()).containsAll(reported);
            Path bundleFile = dir.resolve("movement.xml");
            Files.write(bundleFile, xml);
            Path previous = dir.resolve("report.checkpoint");
            Files.writeString(previous, note);
            assertThat(verify(bundleFile, verifierKey, previous)).isZero();
        }
    }

    @Test
    void onlyCustomsRolesGetTheReportAndAnUnknownMovementIsNotFound() throws Exception {
        HttpResponse<byte[]> forTrader = download(trader, "/api/v1/movements/" + movementId + "/evidence.pdf");
        assertThat(forTrader.statusCode()).isEqualTo(403);
        assertThat(forTrader.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<byte[]> unknown = download(auditor, "/api/v1/movements/999999999/evidence.pdf");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("no movement 999999999");
    }

    @Test
    void aMovementOfTenThousandReportsRunsOverManyPages() throws Exception {
        int reports = 10_000;
        int excursions = 40;
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(20L * reports + 60);
        List<Report> all = new ArrayList<>();
        for (int i = 0; i < reports; i++) {
            double[] p = along(Fixtures.MOMBASA_INLAND, (double) i / (reports - 1));
            boolean outside = i % (reports / excursions) >= 100 && i % (reports / excursions) < 104;
            all.add(report(i + 1, first.plusSeconds(20L * i))
                    .position(p[0] + (outside ? 0.08 : 0), p[1])
                    .build());
        }
        CompactCodec codec = CompactCodec.signer();
        try (DevicePublisher device = new DevicePublisher()) {
            for (int i = 0; i < all.size(); i += 50) {
                device.publish(deviceId, codec.encodeBatch(all.subList(i, Math.min(all.size(), i + 50)), key));
            }
        }
        Eventually.await(Duration.ofSeconds(240), reports + " stored reports", () -> {
            Integer n = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM reports WHERE movement_id = ?", Integer.class, movementId);
            return n != null && n >= reports ? n : null;
        });
        Eventually.await(Duration.ofSeconds(30), excursions + " alerts", () -> {
            Integer n =
                    jdbc.queryForObject("SELECT COUNT(*) FROM alerts WHERE movement_id = ?", Integer.class, movementId);
            return n != null && n >= excursions ? n : null;
        });

        byte[] pdf = null;
        String token = token(auditor);
        for (int run = 1; run <= 3; run++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = get(token, "/api/v1/movements/" + movementId + "/evidence.pdf");
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(response.statusCode()).isEqualTo(200);
            pdf = response.body();
            System.out.printf(
                    Locale.ROOT,
                    "PDF export of a movement with %,d reports (run %d): %d ms, %,d bytes%n",
                    reports,
                    run,
                    millis,
                    pdf.length);
        }
        Files.createDirectories(Path.of("target", "reports"));
        Files.write(Path.of("target", "reports", "movement-report-it-10k.pdf"), pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(4);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("10,000 received, 10,000 with a position").contains("A" + excursions);
        }
    }

    private String user(String username, long organisationId, Role role) {
        accounts.ensureUser(username, username + "-password", organisationId, Set.of(role));
        return username;
    }

    private Report.Builder report(long counter, Instant at) {
        return Report.builder(DeviceId.of(deviceId), at).counter(counter).seal(SealState.CLOSED);
    }

    /** The point at fraction {@code f} of a polyline of [latitude, longitude] pairs, by length in degrees. */
    private static double[] along(List<List<Double>> line, double f) {
        double total = 0;
        for (int i = 1; i < line.size(); i++) {
            total += Math.hypot(
                    line.get(i).get(0) - line.get(i - 1).get(0),
                    line.get(i).get(1) - line.get(i - 1).get(1));
        }
        double left = f * total;
        for (int i = 1; i < line.size(); i++) {
            List<Double> a = line.get(i - 1);
            List<Double> b = line.get(i);
            double segment = Math.hypot(b.get(0) - a.get(0), b.get(1) - a.get(1));
            if (left <= segment || i == line.size() - 1) {
                double t = Math.min(1, left / segment);
                return new double[] {a.get(0) + t * (b.get(0) - a.get(0)), a.get(1) + t * (b.get(1) - a.get(1))};
            }
            left -= segment;
        }
        throw new IllegalStateException();
    }

    private JsonNode awaitAlert() {
        return Eventually.await(Duration.ofSeconds(20), "a CORRIDOR_LEFT alert", () -> {
            for (JsonNode alert : admin.get("/api/v1/alerts").json()) {
                if (alert.get("movementId").asLong() == movementId
                        && "CORRIDOR_LEFT".equals(alert.get("type").asString())) {
                    return alert;
                }
            }
            return null;
        });
    }

    private HttpResponse<byte[]> download(String username, String path) throws Exception {
        return get(token(username), path);
    }

    private String token(String username) {
        return Api.anonymous(port)
                .post("/api/v1/auth/login", Map.of("username", username, "password", password(username)))
                .json()
                .get("token")
                .asString();
    }

    private HttpResponse<byte[]> get(String token, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String password(String username) {
        return username + "-password";
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in the report", pattern).isTrue();
        return matcher.group(1);
    }

    private static int verify(Path file, String key, Path previous) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyCommand.run(
                new String[] {file.toString(), "--key", key, "--previous", previous.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return status;
    }

    private static double share(BufferedImage image, java.util.function.IntPredicate matches) {
        long hits = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (matches.test(image.getRGB(x, y))) {
                    hits++;
                }
            }
        }
        return (double) hits / ((long) image.getWidth() * image.getHeight());
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    private static int blue(int rgb) {
        return rgb & 0xFF;
    }

    private static <T> T valid(Verdict<T> verdict) {
        assertThat(verdict).as("%s", verdict).isInstanceOf(Verdict.Valid.class);
        return ((Verdict.Valid<T>) verdict).value();
    }
}
