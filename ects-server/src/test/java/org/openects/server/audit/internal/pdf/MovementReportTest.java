package org.openects.server.audit.internal.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openects.domain.GeoPosition;
import org.openects.evidence.Hash;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.Attachment;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.Subject;
import org.openects.server.audit.MovementActivity;
import org.openects.server.audit.MovementSummary;

/** The PDF report on its own: content, pagination, the drawn route, text the standard fonts cannot show, speed. */
class MovementReportTest {

    /** Where the rendered report is saved for people to look at. */
    static final Path OUTPUT = Path.of("target", "reports");

    static final Instant START = Instant.parse("2025-03-01T06:00:00Z");
    static final NoteSigner SIGNER = NoteSigner.generate("ects.example.org/audit");
    static final String PHOTO_DIGEST = "0123456789abcdef".repeat(4);

    static final List<GeoPosition> CORRIDOR = List.of(
            GeoPosition.of(-4.05, 39.66),
            GeoPosition.of(-3.80, 39.30),
            GeoPosition.of(-3.55, 38.95),
            GeoPosition.of(-3.40, 38.56));

    @Test
    void aLongMovementRendersEverySectionOnSeveralPagesWithItsRouteDrawn() throws Exception {
        MovementReport.Content content = content(10_000, 150);

        long started = System.nanoTime();
        byte[] pdf = MovementReport.render(content);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf(
                "PDF report of 10,000 reports, 300 events, 150 alerts: %d ms, %,d bytes%n",
                took.toMillis(), pdf.length);

        Files.createDirectories(OUTPUT);
        Files.write(OUTPUT.resolve("movement-report-10k.pdf"), pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(5);
            String text = new PDFTextStripper().getText(document);
            assertThat(text)
                    .contains("24KE0000000000042")
                    .contains("Mombasa port", "Voi")
                    .contains("Estimated distance", "142.3 km (geodesic, WGS 84)")
                    .contains("Estimated transit time", "3 h 25 min")
                    .contains("CORRIDOR_LEFT", "A150")
                    .contains("operator-anna", "FALSE_ALARM", "driver took a detour")
                    .contains("started supervision of movement 42")
                    .contains(content.checkpoint().checkpoint().root().base64())
                    .contains(SIGNER.verifierKey().toString())
                    .contains("./ects verify movement-24KE0000000000042.xml --key")
                    .contains("--previous FILE")
                    .contains("The platform holds the photos taken at custody steps")
                    .contains("5  Custody chain", "Photos of step 7: ARMED at Mombasa port, gate 18")
                    .contains("KE-H-000001 INTACT", "to Uganda Revenue Authority")
                    .contains(PHOTO_DIGEST.substring(0, 32), PHOTO_DIGEST.substring(32))
                    .contains(Hash.sha256("photo".getBytes(StandardCharsets.UTF_8))
                            .hex())
                    .contains("Device frames: 3 digests")
                    .contains("is not the evidence")
                    .contains("Page 1 of " + document.getNumberOfPages())
                    .contains("generated 2025-03-04 12:00:00 UTC");
            String lastPage = text(document, document.getNumberOfPages());
            assertThat(lastPage).contains("Movement 24KE0000000000042");

            long images = 0;
            for (org.apache.pdfbox.pdmodel.PDPage page : document.getPages()) {
                for (org.apache.pdfbox.cos.COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name)
                            instanceof org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject) {
                        images++;
                    }
                }
            }
            assertThat(images).as("thumbnails drawn").isEqualTo(2);

            BufferedImage map = new PDFRenderer(document).renderImage(1, 1f);
            ImageIO.write(
                    map, "png", OUTPUT.resolve("movement-report-10k-route.png").toFile());
            assertThat(colourShare(map, RouteMap.TRACK)).as("track pixels").isGreaterThan(0.0005);
            assertThat(colourShare(map, RouteMap.CORRIDOR))
                    .as("corridor pixels")
                    .isGreaterThan(0.001);
            assertThat(colourShare(map, RouteMap.ALERT)).as("alert pixels").isGreaterThan(0.0001);
        }
    }

    @Test
    void textTheStandardFontsCannotShowBecomesQuestionMarksInsteadOfFailing() throws Exception {
        MovementReport.Content plain = content(20, 2);
        MovementSummary m = plain.movement();
        MovementSummary odd = new MovementSummary(
                m.id(),
                m.reference(),
                "Łódź → 東京 \u0000\t tab",
                m.state(),
                m.startedAt(),
                null,
                "Ωmega Trading 株式会社 Café",
                "Транспорт \uD83D\uDE9A",
                m.devices(),
                m.route());
        byte[] pdf = MovementReport.render(new MovementReport.Content(
                odd,
                plain.activity(),
                plain.entries(),
                plain.checkpoint(),
                plain.verifierKey(),
                plain.generatedAt(),
                plain.generatedBy()));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("?mega Trading ???? Café").contains("?ódz ? ??");
        }
    }

    @Test
    void sequenceNumbersAreListedAsRanges() {
        assertThat(CustodyAndProof.ranges(List.of(3L, 7L, 8L, 9L, 12L, 13L, 20L)))
                .isEqualTo("3, 7–9, 12, 13, 20");
        assertThat(CustodyAndProof.ranges(List.of())).isEqualTo("none");
        assertThat(RouteMap.niceDistance(37_000)).isEqualTo(20_000);
        assertThat(RouteMap.niceDistance(740)).isEqualTo(500);
    }

    /** A movement along the corridor with {@code reports} positions, leaving it {@code alerts} times. */
    static MovementReport.Content content(int reports, int alerts) {
        MovementSummary movement = new MovementSummary(
                42,
                "24KE0000000000042",
                "KDA 123A / ZF 4567",
                "IN_TRANSIT",
                START,
                null,
                "Mombasa Traders Ltd (organisation 2)",
                null,
                List.of("ESEAL-0001: e-seal, ISO 17712 class H, protocol openects"),
                new MovementSummary.Route(
                        CORRIDOR,
                        2000,
                        new MovementSummary.Place("Mombasa port", GeoPosition.of(-4.05, 39.66), 3000),
                        new MovementSummary.Place("Voi", GeoPosition.of(-3.40, 38.56), 3000),
                        300,
                        142_345.6,
                        3L * 3600 + 25 * 60,
                        START.plus(java.time.Duration.ofDays(2))),
                null,
                List.of(
                        new MovementSummary.Custody(
                                7,
                                START,
                                "ARMED",
                                "officer-otieno",
                                "Kenya Revenue Authority (organisation 1)",
                                "Mombasa port, gate 18",
                                null,
                                null,
                                "KE-H-000001 INTACT",
                                "seal affixed on the rear doors",
                                List.of(
                                        new MovementSummary.Photo(
                                                PHOTO_DIGEST, "image/jpeg", 812_345, 4000, 3000, jpeg()),
                                        new MovementSummary.Photo(
                                                "fedcba9876543210".repeat(4), "image/png", 50_000, 300, 900, jpeg()))),
                        new MovementSummary.Custody(
                                8,
                                START.plusSeconds(86_400),
                                "HANDOVER",
                                "officer-nakato",
                                null,
                                "Malaba border post",
                                "Kenya Revenue Authority",
                                "Uganda Revenue Authority",
                                "KE-H-000001 INTACT",
                                null,
                                List.of())));
        List<MovementActivity.Position> track = new ArrayList<>();
        for (int i = 0; i < reports; i++) {
            double f = (double) i / reports;
            double wobble = Math.sin(i / 50.0) * 0.003;
            track.add(new MovementActivity.Position(
                    START.plusSeconds(30L * i), -4.05 + 0.65 * f + wobble, 39.66 - 1.10 * f, i % 97 == 0));
        }
        List<MovementActivity.Event> events = new ArrayList<>();
        List<MovementActivity.Alert> raised = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            MovementActivity.Position at = track.get((int) ((long) i * reports / alerts));
            events.add(new MovementActivity.Event(
                    1000 + 2 * i,
                    at.at(),
                    "CORRIDOR_LEFT",
                    "HIGH",
                    at.latitude() + 0.05,
                    at.longitude(),
                    false,
                    "1,840 m outside the corridor"));
            events.add(new MovementActivity.Event(
                    1001 + 2 * i,
                    at.at().plusSeconds(120),
                    "CORRIDOR_RETURNED",
                    "INFO",
                    at.latitude(),
                    at.longitude(),
                    false,
                    null));
            boolean falseAlarm = i % 2 == 0;
            raised.add(new MovementActivity.Alert(
                    5000 + i,
                    1000 + 2 * i,
                    at.at(),
                    "CORRIDOR_LEFT",
                    "HIGH",
                    falseAlarm ? "FALSE_ALARM" : "ACKNOWLEDGED",
                    at.latitude() + 0.05,
                    at.longitude(),
                    false,
                    "1,840 m outside the corridor",
                    "operator-anna",
                    at.at().plusSeconds(60),
                    falseAlarm ? "operator-anna" : null,
                    falseAlarm ? at.at().plusSeconds(600) : null,
                    falseAlarm ? "FALSE_ALARM" : null,
                    falseAlarm ? "driver took a detour around road works, confirmed by phone" : null));
        }
        List<AuditEntry> entries = new ArrayList<>();
        entries.add(AuditEntry.of(
                10,
                START,
                "user:officer-otieno",
                "movement.started",
                new Subject("movement", "42"),
                Map.of("reference", "24KE0000000000042", "device", "ESEAL-0001"),
                List.of(new Attachment("photo", Hash.sha256("photo".getBytes(StandardCharsets.UTF_8))))));
        for (int i = 0; i < alerts; i++) {
            entries.add(AuditEntry.of(
                    20 + 2L * i,
                    START.plusSeconds(i),
                    "system:monitoring",
                    "alert.raised",
                    new Subject("alert", Long.toString(5000 + i)),
                    Map.of("movement", "42", "type", "CORRIDOR_LEFT"),
                    List.of()));
            entries.add(AuditEntry.of(
                    21 + 2L * i,
                    START.plusSeconds(i + 60),
                    "user:operator-anna",
                    "alert.acknowledged",
                    new Subject("alert", Long.toString(5000 + i)),
                    Map.of("movement", "42"),
                    List.of()));
        }
        entries.add(AuditEntry.of(
                900,
                START.plusSeconds(3600),
                "user:auditor-amina",
                "evidence.exported",
                new Subject("movement", "42"),
                Map.of("format", "xml", "reference", "24KE0000000000042", "frames", "3"),
                List.of(
                        Attachment.frame(Hash.sha256(new byte[] {1})),
                        Attachment.frame(Hash.sha256(new byte[] {2})),
                        Attachment.frame(Hash.sha256(new byte[] {3})))));
        SignedCheckpoint checkpoint =
                Checkpoints.sign(new Checkpoint("ects.example.org/audit", 1000, Hash.sha256(new byte[] {9})), SIGNER);
        return new MovementReport.Content(
                movement,
                new MovementActivity(reports + 3, track, events, raised),
                entries,
                checkpoint,
                SIGNER.verifierKey(),
                Instant.parse("2025-03-04T12:00:00Z"),
                "user:auditor-amina");
    }

    /** A small JPEG, as a thumbnail. */
    static byte[] jpeg() {
        try {
            BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setColor(java.awt.Color.ORANGE);
            g.fillRect(40, 40, 240, 160);
            g.dispose();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(PDDocument document, int page) throws Exception {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(document);
    }

    /** The share of pixels close to the colour. */
    static double colourShare(BufferedImage image, float[] colour) {
        long hits = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.abs(r - colour[0] * 255) < 24
                        && Math.abs(g - colour[1] * 255) < 24
                        && Math.abs(b - colour[2] * 255) < 24) {
                    hits++;
                }
            }
        }
        return (double) hits / ((long) image.getWidth() * image.getHeight());
    }
}
