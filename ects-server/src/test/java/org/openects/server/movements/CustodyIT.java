package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.audit.AuditLog;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The chain of custody on PostgreSQL: officers arm, verify, hand over and release a movement with photos; the photos
 * come back byte for byte with thumbnails, their digests are in the audit entries, the PDF report shows the chain with
 * the thumbnails, the release ends the movement; bad photos and bad steps get problem details naming the field.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CustodyIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    Api admin;
    Api officer;
    String officerName;
    long trader;
    Api traderUser;

    @BeforeEach
    void setUp() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = admin.newOrganisation("CUSTOMS");
        officerName = Fixtures.uniqueId("officer").toLowerCase();
        officer = user(customs, "OFFICER", officerName);
        trader = admin.newOrganisation("TRADER");
        traderUser = user(trader, "TRADER", Fixtures.uniqueId("trader").toLowerCase());
    }

    @Test
    void officersRecordTheChainWithPhotosAndTheSealsRemovalEndsTheMovement() throws Exception {
        String device = registeredDevice();
        long movement = startMovement(device);
        byte[] jpeg = picture("jpg", 1600, 1200, Color.ORANGE);
        byte[] png = picture("png", 400, 900, Color.BLUE);
        String base = "/api/v1/movements/" + movement + "/custody";

        Api.Response armed = officer.multipart(
                base,
                "step",
                Map.of(
                        "kind", "ARMED",
                        "place", "Mombasa port, gate 18",
                        "seals", List.of(Map.of("number", "KE-H-000001", "state", "INTACT")),
                        "note", "seal affixed on the rear doors"),
                List.of(
                        new Api.FilePart("photo", "rear.jpg", "image/jpeg", jpeg),
                        new Api.FilePart("photo", "seal.png", "image/png", png)));
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
        JsonNode photos = armed.json().get("photos");
        assertThat(photos.findValuesAsString("sha256")).containsExactly(sha256(jpeg), sha256(png));
        assertThat(armed.json().get("recordedBy").asString()).isEqualTo(officerName);

        Api.Response verified = officer.post(
                base,
                Map.of(
                        "kind",
                        "VERIFIED",
                        "place",
                        "Malaba border post",
                        "seals",
                        List.of(Map.of("number", "KE-H-000001", "state", "INTACT"))));
        assertThat(verified.status()).as(verified.body()).isEqualTo(201);
        Api.Response handover = officer.post(
                base,
                Map.of(
                        "kind", "HANDOVER",
                        "place", "Malaba border post",
                        "fromParty", "Kenya Revenue Authority",
                        "toParty", "Uganda Revenue Authority",
                        "seals", List.of(Map.of("number", "KE-H-000001", "state", "INTACT"))));
        assertThat(handover.status()).as(handover.body()).isEqualTo(201);

        // the photos come back exactly, with thumbnails; the trader of the movement sees them too
        String photoUrl = photos.get(0).get("url").asString();
        Api.Binary original = traderUser.bytes(photoUrl);
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.contentType()).isEqualTo("image/jpeg");
        assertThat(original.body()).isEqualTo(jpeg);
        Api.Binary thumbnail = officer.bytes(photos.get(1).get("thumbnailUrl").asString());
        assertThat(thumbnail.contentType()).isEqualTo("image/jpeg");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(320);
        assertThat(small.getHeight()).isGreaterThan(small.getWidth());
        Api.Binary stranger = user(
                        admin.newOrganisation("TRADER"),
                        "TRADER",
                        Fixtures.uniqueId("other").toLowerCase())
                .bytes(photoUrl);
        assertThat(stranger.status()).isEqualTo(404);

        // at destination: arrived (an officer says so), seals verified (a VERIFIED step moves it), disarmed, then
        // the seals' removal (RELEASED) ends supervision: no more steps, the device is free again
        Api.Response early = officer.post(
                base,
                Map.of(
                        "kind", "RELEASED",
                        "place", "Kampala inland container depot",
                        "seals", List.of(Map.of("number", "KE-H-000001", "state", "INTACT"))));
        assertThat(early.status()).as("seals are removed once disarmed").isEqualTo(409);
        assertThat(early.json().get("currentState").asString()).isEqualTo("IN_TRANSIT");
        String transitions = "/api/v1/movements/" + movement + "/transitions";
        assertThat(officer.post(transitions, Map.of("to", "ARRIVED", "reason", "at the depot", "place", "UGKLA"))
                        .status())
                .isEqualTo(201);
        assertThat(officer.post(
                                base,
                                Map.of(
                                        "kind", "VERIFIED",
                                        "place", "Kampala inland container depot",
                                        "seals", List.of(Map.of("number", "KE-H-000001", "state", "INTACT"))))
                        .status())
                .isEqualTo(201);
        assertThat(admin.get("/api/v1/movements/" + movement)
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("SEALS_VERIFIED");
        assertThat(officer.post(transitions, Map.of("to", "DISARMED", "reason", "unlocked by the officer"))
                        .status())
                .isEqualTo(201);
        Api.Response released = officer.post(
                base,
                Map.of(
                        "kind", "RELEASED",
                        "place", "Kampala inland container depot",
                        "seals", List.of(Map.of("number", "KE-H-000001", "state", "INTACT"))));
        assertThat(released.status()).as(released.body()).isEqualTo(201);
        JsonNode ended = admin.get("/api/v1/movements/" + movement).json();
        assertThat(ended.get("state").asString()).isEqualTo("REMOVED");
        assertThat(ended.get("endedBy").asString()).isEqualTo(officerName);
        assertThat(ended.get("endReason").asString()).contains("Kampala inland container depot");
        Api.Response late = officer.post(
                base,
                Map.of(
                        "kind",
                        "VERIFIED",
                        "place",
                        "Kampala",
                        "seals",
                        List.of(Map.of("number", "X", "state", "INTACT"))));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("detail").asString()).contains("REMOVED");
        Api.Response lateWithPhoto = officer.multipart(
                base,
                "step",
                Map.of(
                        "kind",
                        "VERIFIED",
                        "place",
                        "Kampala",
                        "seals",
                        List.of(Map.of("number", "X", "state", "INTACT"))),
                List.of(new Api.FilePart("photo", "x.jpg", "image/jpeg", "not even a picture".getBytes())));
        assertThat(lateWithPhoto.status())
                .as("refused as ended before any photo is looked at")
                .isEqualTo(409);
        startMovement(device);

        JsonNode chain = traderUser.get(base).json();
        assertThat(chain.findValuesAsString("kind"))
                .containsExactly("ARMED", "VERIFIED", "HANDOVER", "VERIFIED", "RELEASED");

        // the audit log vouches for the photos and names the officer
        assertThat(audit.awaitRecorded(Duration.ofSeconds(10))).isTrue();
        String csv =
                officer.get("/api/v1/movements/" + movement + "/evidence.csv").body();
        assertThat(csv)
                .contains("custody.armed", "custody.verified", "custody.handover", "custody.released")
                .contains("movement.transition", "SEALS_VERIFIED", "REMOVED")
                .contains("user:" + officerName)
                .contains(sha256(jpeg), sha256(png));

        // the PDF report shows the chain and the two thumbnails
        Api.Binary pdf = officer.bytes("/api/v1/movements/" + movement + "/evidence.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text)
                    .contains("5  Custody chain")
                    .contains("Mombasa port, gate 18", "Uganda Revenue Authority", "KE-H-000001 INTACT")
                    .contains("Photos of step " + armed.json().get("id").asLong())
                    .contains(sha256(jpeg).substring(0, 32), sha256(jpeg).substring(32))
                    .contains("armed the seals of movement " + movement)
                    .contains("removed the seals of movement " + movement + " at its destination");
            assertThat(images(document)).isEqualTo(2);
        }
    }

    @Test
    void badPhotosAndBadStepsAreRefusedNamingTheField() throws Exception {
        long movement = startMovement(registeredDevice());
        String base = "/api/v1/movements/" + movement + "/custody";
        Map<String, Object> step = Map.of(
                "kind", "VERIFIED", "place", "Busia", "seals", List.of(Map.of("number", "KE-1", "state", "INTACT")));

        Api.Response text = officer.multipart(
                base,
                "step",
                step,
                List.of(new Api.FilePart("photo", "x.jpg", "image/jpeg", "not a picture".getBytes())));
        assertThat(text.status()).as(text.body()).isEqualTo(400);
        assertThat(text.contentType()).startsWith("application/problem+json");
        assertThat(text.json().get("errors").findValuesAsString("field")).containsExactly("photo[0]");

        byte[] jpeg = picture("jpg", 64, 48, Color.RED);
        byte[] truncated = java.util.Arrays.copyOf(jpeg, 40);
        Api.Response cut = officer.multipart(
                base,
                "step",
                step,
                List.of(
                        new Api.FilePart("photo", "a.jpg", "image/jpeg", jpeg),
                        new Api.FilePart("photo", "b.jpg", "image/jpeg", truncated)));
        assertThat(cut.status()).as(cut.body()).isEqualTo(400);
        assertThat(cut.json().get("errors").findValuesAsString("field")).containsExactly("photo[1]");

        List<Api.FilePart> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(new Api.FilePart("photo", i + ".jpg", "image/jpeg", jpeg));
        }
        assertThat(officer.multipart(base, "step", step, seven)
                        .json()
                        .get("errors")
                        .findValuesAsString("field"))
                .containsExactly("photo");

        Api.Response noReceiver = officer.post(
                base,
                Map.of(
                        "kind",
                        "HANDOVER",
                        "place",
                        "Busia",
                        "seals",
                        List.of(Map.of("number", "KE-1", "state", "INTACT"))));
        assertThat(noReceiver.status()).isEqualTo(400);
        assertThat(noReceiver.json().get("errors").findValuesAsString("field")).containsExactly("toParty");

        Api.Response noSeals = officer.post(base, Map.of("kind", "VERIFIED", "place", "Busia", "seals", List.of()));
        assertThat(noSeals.status()).isEqualTo(400);
        assertThat(noSeals.json().get("errors").findValuesAsString("field")).contains("seals");

        Api.Response badState = officer.post(
                base,
                Map.of(
                        "kind",
                        "VERIFIED",
                        "place",
                        "Busia",
                        "seals",
                        List.of(Map.of("number", "KE-1", "state", "OPEN"))));
        assertThat(badState.status()).isEqualTo(400);

        assertThat(officer.post(base, step).status()).isEqualTo(201);
        Api.Response armedLate = officer.post(
                base,
                Map.of(
                        "kind",
                        "ARMED",
                        "place",
                        "Busia",
                        "seals",
                        List.of(Map.of("number", "KE-2", "state", "INTACT"))));
        assertThat(armedLate.status()).isEqualTo(409);

        Api.Response byTrader = traderUser.post(base, step);
        assertThat(byTrader.status()).isEqualTo(403);

        // nothing refused was stored: one step, no photo
        JsonNode chain = officer.get(base).json();
        assertThat(chain.size()).isEqualTo(1);
        assertThat(chain.get(0).get("photos").size()).isZero();
    }

    @Test
    void aCancelledMovementSaysWhoEndedItAndWhy() {
        long movement = startMovement(registeredDevice());
        // the trader of the movement follows it live: a custody step and the end reach it without a reload
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        var stream = traderUser.stream("/api/v1/live", lines::add);
        Eventually.await(Duration.ofSeconds(10), "the live stream to open", () -> lines.isEmpty() ? null : true);
        assertThat(officer.post(
                                "/api/v1/movements/" + movement + "/custody",
                                Map.of(
                                        "kind",
                                        "VERIFIED",
                                        "place",
                                        "Busia",
                                        "seals",
                                        List.of(Map.of("number", "KE-9", "state", "INTACT"))))
                        .status())
                .isEqualTo(201);

        Api.Response noReason = officer.post("/api/v1/movements/" + movement + "/cancel", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("errors").findValuesAsString("field")).containsExactly("reason");

        Api.Response cancelled = officer.post(
                "/api/v1/movements/" + movement + "/cancel", Map.of("reason", "declaration withdrawn by the trader"));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("endReason").asString()).isEqualTo("declaration withdrawn by the trader");

        try {
            for (String event : List.of("custody", "movement-ended")) {
                Eventually.await(Duration.ofSeconds(10), "a live " + event + " update", () -> {
                    String previous = "";
                    for (String line : lines) {
                        if (previous.equals("event:" + event) && line.contains("\"movementId\":" + movement)) {
                            return line;
                        }
                        previous = line;
                    }
                    return null;
                });
            }
        } finally {
            stream.cancel(true);
        }

        Api.Response again = officer.post("/api/v1/movements/" + movement + "/cancel", Map.of("reason", "twice"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(audit.awaitRecorded(Duration.ofSeconds(10))).isTrue();
        assertThat(officer.get("/api/v1/movements/" + movement + "/evidence.csv")
                        .body())
                .contains("movement.cancelled", "declaration withdrawn by the trader");
    }

    private static int images(PDDocument document) throws IOException {
        int images = 0;
        for (PDPage page : document.getPages()) {
            for (COSName name : page.getResources().getXObjectNames()) {
                if (page.getResources().getXObject(name) instanceof PDImageXObject) {
                    images++;
                }
            }
        }
        return images;
    }

    static byte[] picture(String format, int width, int height, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(colour);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Api user(long organisation, String role, String username) {
        String password = "a-long-test-password-1";
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        password,
                        "organisationId",
                        organisation,
                        "roles",
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Api.login(port, username, password);
    }

    private String registeredDevice() {
        String device = Fixtures.uniqueId("ESEAL");
        assertThat(admin.post("/api/v1/devices", Fixtures.anESeal(device)).status())
                .isEqualTo(201);
        return device;
    }

    private long startMovement(String device) {
        Api.Response response =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }
}
