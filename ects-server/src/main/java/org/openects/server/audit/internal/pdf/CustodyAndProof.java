package org.openects.server.audit.internal.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.entry.Attachment;
import org.openects.evidence.entry.AuditEntry;
import org.openects.server.audit.MovementSummary;

/**
 * Sections 5 to 8 of a {@link MovementReport}: the custody chain with the officers' photos, the people who acted on the
 * movement, the digests of its attachments, and how to verify it all with the signed XML bundle. Drawn on the report's
 * {@link PageFlow} after sections 1 to 4, each section's first page noted for the table of contents.
 */
final class CustodyAndProof {

    private final MovementReport.Content content;
    private final MovementSummary movement;
    private final PageFlow flow;
    private final Map<Long, String> alertLabels;
    private final Map<String, Integer> sectionPages;

    CustodyAndProof(
            MovementReport.Content content,
            PageFlow flow,
            Map<Long, String> alertLabels,
            Map<String, Integer> sectionPages) {
        this.content = content;
        this.movement = content.movement();
        this.flow = flow;
        this.alertLabels = alertLabels;
        this.sectionPages = sectionPages;
    }

    /** Draws sections 5 to 8. */
    void write() throws IOException {
        custody();
        people();
        attachments();
        verification();
    }

    // ---- 5. custody

    private void custody() throws IOException {
        section("5  Custody chain");
        flow.paragraph("The seal checks, handovers and release the officers recorded on the platform, in order: who"
                + " (the officer's account), where, when, which seals were found in which state, and the photos they"
                + " took. Each step is also an audit entry (custody.armed, custody.verified, custody.handover,"
                + " custody.released) whose photo digests section 7 lists and the XML bundle proves.");
        List<MovementSummary.Custody> steps = movement.custody();
        if (steps.isEmpty()) {
            flow.paragraph("No custody step was recorded for this movement.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (MovementSummary.Custody step : steps) {
            List<String> parties = new ArrayList<>();
            if (step.fromParty() != null) {
                parties.add("from " + step.fromParty());
            }
            if (step.toParty() != null) {
                parties.add("to " + step.toParty());
            }
            if (step.note() != null) {
                parties.add(step.note());
            }
            rows.add(List.of(
                    Long.toString(step.id()),
                    MovementReport.time(step.at()),
                    step.kind(),
                    step.officer() + (step.organisation() == null ? "" : "\n" + step.organisation()),
                    step.place(),
                    step.seals().replace(", ", "\n"),
                    String.join("\n", parties),
                    Integer.toString(step.photos().size())));
        }
        flow.table(
                List.of(
                        PageFlow.Column.of("Step", 0.05f),
                        PageFlow.Column.of("Time (UTC)", 0.11f),
                        PageFlow.Column.of("Kind", 0.09f),
                        PageFlow.Column.of("Officer", 0.15f),
                        PageFlow.Column.of("Place", 0.13f),
                        PageFlow.Column.of("Seals found", 0.15f),
                        PageFlow.Column.of("Parties and note", 0.26f),
                        PageFlow.Column.of("Photos", 0.06f)),
                rows);
        for (MovementSummary.Custody step : steps) {
            if (!step.photos().isEmpty()) {
                photos(step);
            }
        }
    }

    /** A step's photos as thumbnails, three to a row, each with its size and full digest beneath. */
    private void photos(MovementSummary.Custody step) throws IOException {
        flow.subheading("Photos of step " + step.id() + ": " + step.kind() + " at " + step.place());
        int perRow = 3;
        float gap = 14;
        float cell = (PageFlow.WIDTH - gap * (perRow - 1)) / perRow;
        float leading = 7.5f;
        float caption = 4 * leading + 4;
        List<MovementSummary.Photo> photos = step.photos();
        for (int first = 0; first < photos.size(); first += perRow) {
            List<MovementSummary.Photo> row = photos.subList(first, Math.min(photos.size(), first + perRow));
            float tallest = 0;
            for (MovementSummary.Photo photo : row) {
                tallest = Math.max(tallest, box(photo, cell)[1]);
            }
            flow.need(tallest + caption + 10);
            float top = flow.y();
            for (int i = 0; i < row.size(); i++) {
                MovementSummary.Photo photo = row.get(i);
                float x = PageFlow.LEFT + i * (cell + gap);
                float[] box = box(photo, cell);
                if (photo.thumbnailJpeg() != null) {
                    flow.jpeg(photo.thumbnailJpeg(), x, top, box[0], box[1]);
                } else {
                    flow.fill(PageFlow.SHADE, x, top - box[1], box[0], box[1]);
                    flow.text(flow.regular, 7, PageFlow.MUTED, x + 4, top - box[1] / 2, "no thumbnail held");
                }
                float baseline = top - tallest - 9;
                flow.text(
                        flow.regular,
                        6.5f,
                        PageFlow.MUTED,
                        x,
                        baseline,
                        String.format(
                                Locale.ROOT,
                                "%s, %d × %d pixels, %,d bytes",
                                photo.contentType(),
                                photo.width(),
                                photo.height(),
                                photo.sizeBytes()));
                flow.text(flow.regular, 6.5f, PageFlow.MUTED, x, baseline - leading, "SHA-256");
                for (int line = 0; line < 2; line++) {
                    flow.text(
                            flow.mono,
                            6.5f,
                            PageFlow.INK,
                            x,
                            baseline - leading * (line + 2),
                            photo.sha256().substring(32 * line, 32 * line + 32));
                }
            }
            flow.space(tallest + caption + 10);
        }
    }

    /** The width and height a photo's thumbnail is drawn at in a cell: its proportions, at most 3:4 of the cell. */
    private static float[] box(MovementSummary.Photo photo, float cell) {
        float ratio = photo.width() > 0 && photo.height() > 0 ? (float) photo.height() / photo.width() : 0.75f;
        float maxHeight = cell * 0.75f;
        float width = cell;
        float height = cell * ratio;
        if (height > maxHeight) {
            height = maxHeight;
            width = maxHeight / ratio;
        }
        return new float[] {width, height};
    }

    // ---- 6. people

    private void people() throws IOException {
        section("6  People who acted on the movement");
        flow.paragraph("The people who acted on this movement, from the audit log: every entry about the movement or"
                + " one of its alerts whose actor is a person (user:NAME) — who started its supervision, who checked"
                + " its seals and handed it over (section 5), who acknowledged and closed its alerts, who ended it,"
                + " who exported its evidence — with the entry's sequence number in the log. Entries made by the"
                + " platform itself (alerts raised by the monitoring) are not listed here; section 8 gives every"
                + " entry's sequence number.");
        List<List<String>> rows = new ArrayList<>();
        long platform = 0;
        for (AuditEntry entry : content.entries()) {
            if (!entry.actor().startsWith("user:")) {
                platform++;
                continue;
            }
            rows.add(List.of(
                    Long.toString(entry.sequence()),
                    MovementReport.time(entry.time()),
                    entry.actor(),
                    entry.action(),
                    what(entry)));
        }
        if (rows.isEmpty()) {
            flow.paragraph("No entry by a person was found.");
        } else {
            flow.table(
                    List.of(
                            PageFlow.Column.of("Entry", 0.07f),
                            PageFlow.Column.of("Time (UTC)", 0.13f),
                            PageFlow.Column.of("Actor", 0.17f),
                            PageFlow.Column.of("Action", 0.15f),
                            PageFlow.Column.of("What", 0.48f)),
                    rows);
        }
        flow.paragraph(String.format(
                Locale.ROOT, "%,d further entries about the movement were made by the platform itself.", platform));
    }

    /** An entry's action in words, with its details. */
    private String what(AuditEntry entry) {
        Map<String, String> details = new LinkedHashMap<>(entry.details());
        details.remove("movement");
        String subject = "alert".equals(entry.subject().type())
                ? "alert "
                        + alertLabels.getOrDefault(
                                parse(entry.subject().id()), entry.subject().id())
                : entry.subject().type() + " " + entry.subject().id();
        String phrase =
                switch (entry.action()) {
                    case "movement.started" -> "started supervision of " + subject;
                    case "movement.completed" -> "ended supervision of " + subject + " (released)";
                    case "movement.declared" -> "opened " + subject + " from its declaration";
                    case "movement.transition" ->
                        "moved " + subject + " from " + details.remove("from") + " to " + details.remove("to");
                    case "movement.cancelled" -> "cancelled " + subject;
                    case "custody.armed" -> "armed the seals of " + subject;
                    case "custody.verified" -> "verified the seals of " + subject;
                    case "custody.handover" -> "recorded a handover of " + subject;
                    case "custody.released" -> "removed the seals of " + subject + " at its destination";
                    case "alert.acknowledged" -> "acknowledged " + subject;
                    case "alert.resolved" -> "closed " + subject;
                    case "evidence.exported" ->
                        "exported the evidence of " + subject + " as "
                                + details.getOrDefault("format", "?").toUpperCase(Locale.ROOT);
                    default -> entry.action() + " on " + subject;
                };
        details.remove("format");
        if (details.isEmpty()) {
            return phrase;
        }
        return phrase + ": "
                + details.entrySet().stream()
                        .map(d -> d.getKey() + " " + d.getValue())
                        .collect(Collectors.joining("; "));
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- 7. attachments

    private void attachments() throws IOException {
        section("7  Attachments: photos and documents");
        flow.paragraph("Files the audit entries vouch for, by their SHA-256 digest: keep the original files, their"
                + " digests must equal these.");
        List<List<String>> rows = new ArrayList<>();
        long frameDigests = 0;
        long frameEntries = 0;
        java.util.Set<String> distinctFrames = new java.util.HashSet<>();
        for (AuditEntry entry : content.entries()) {
            boolean framed = false;
            for (Attachment attachment : entry.attachments()) {
                if (Attachment.FRAME.equals(attachment.kind())) {
                    frameDigests++;
                    distinctFrames.add(attachment.sha256().hex());
                    framed = true;
                    continue;
                }
                rows.add(List.of(
                        Long.toString(entry.sequence()),
                        MovementReport.time(entry.time()),
                        entry.actor() + "\n" + entry.action(),
                        attachment.kind(),
                        attachment.sha256().hex()));
            }
            if (framed) {
                frameEntries++;
            }
        }
        if (rows.isEmpty()) {
            flow.paragraph("No photo or document digest is attached to an entry about this movement.");
        } else {
            flow.table(
                    List.of(
                            PageFlow.Column.of("Entry", 0.07f),
                            PageFlow.Column.of("Time (UTC)", 0.12f),
                            PageFlow.Column.of("Actor and action", 0.18f),
                            PageFlow.Column.of("Kind", 0.08f),
                            PageFlow.Column.mono("SHA-256", 0.55f)),
                    rows);
        }
        flow.paragraph(flow.bold, 9, PageFlow.INK, MovementReport.PHOTOS_HELD);
        AuditEntry lastXmlExport = null;
        for (AuditEntry entry : content.entries()) {
            if ("evidence.exported".equals(entry.action())
                    && entry.details().containsKey(org.openects.evidence.bundle.FrameDigest.ROOT_DETAIL)) {
                lastXmlExport = entry;
            }
        }
        if (lastXmlExport != null) {
            flow.paragraph(String.format(
                    Locale.ROOT,
                    "Device frames: the raw device messages of the movement are not listed here one by one. The XML"
                            + " evidence bundle lists each with its device and reception time; the entry of each XML"
                            + " export vouches for the list it carried by its Merkle root (framesRoot). The latest"
                            + " XML export, entry %d, carried %s frames.",
                    lastXmlExport.sequence(),
                    lastXmlExport.details().getOrDefault("frames", "?")));
        } else if (frameDigests > 0) {
            flow.paragraph(String.format(
                    Locale.ROOT,
                    "Device frames: %,d digests of raw device messages (%,d distinct) are attached to %,d entries;"
                            + " they are not listed here one by one: the XML bundle lists each with its device and"
                            + " reception time.",
                    frameDigests,
                    distinctFrames.size(),
                    frameEntries));
        } else {
            flow.paragraph("Device frames: no XML evidence bundle of the movement has been exported yet; the bundle"
                    + " lists the raw device messages of the movement, each with its device and reception time.");
        }
    }

    // ---- 8. verification

    private void verification() throws IOException {
        flow.newPage();
        section("8  Verification");
        flow.paragraph(MovementReport.NOT_EVIDENCE);
        Checkpoint checkpoint = content.checkpoint().checkpoint();
        flow.facts(List.of(
                MovementReport.fact("Log", checkpoint.origin()),
                MovementReport.fact("Checkpoint size", String.format(Locale.ROOT, "%,d entries", checkpoint.size())),
                MovementReport.fact("Checkpoint root", checkpoint.root().base64()),
                MovementReport.fact("Root (hex)", checkpoint.root().hex())));
        flow.subheading("Signed checkpoint (C2SP signed note), as the platform signed it for this report");
        flow.block(List.of(content.checkpoint().text().split("\n", -1)), 7.5f);
        flow.subheading("Verifier key of the log");
        flow.block(List.of(content.verifierKey().toString()), 7.5f);
        flow.paragraph(
                flow.regular,
                8,
                PageFlow.MUTED,
                "Take the verifier key from your customs authority or the"
                        + " platform operator, and compare: a key printed in a document proves nothing about the document.");
        flow.subheading("Entries this report draws on");
        flow.paragraph(String.format(
                        Locale.ROOT,
                        "%,d entries, all below the checkpoint's size, by sequence number: ",
                        content.entries().size())
                + ranges(content.entries().stream().map(AuditEntry::sequence).toList()));
        flow.subheading("How to verify");
        String file = "movement-" + movement.reference().replaceAll("[^A-Za-z0-9._-]", "_") + ".xml";
        flow.paragraph("1. Download the movement's signed XML evidence bundle: \"Evidence (XML)\" on the movement's"
                + " page, or GET /api/v1/movements/" + movement.id() + "/evidence.xml (auditors, administrators,"
                + " officers, operators).");
        flow.paragraph("2. Verify it offline, with the verifier key of the log:");
        flow.block(List.of("./ects verify " + file + " --key '" + content.verifierKey() + "'"), 7.5f);
        flow.paragraph("It checks the bundle's schema and XML signature, the checkpoint's signature, and every entry's"
                + " inclusion proof against that checkpoint, and prints VALID (exit status 0) or the first thing that"
                + " fails (exit status 1). --key-file FILE reads the key from a file instead.");
        flow.paragraph("3. The bundle holds every entry listed above, with the same sequence numbers and content,"
                + " plus those recorded since; its checkpoint is this one or a later one. To have the verifier check"
                + " that the bundle's checkpoint does not go back on this report's (not smaller, not a different root"
                + " for the same size), save the signed checkpoint above to a file, exactly as printed with a final"
                + " line break, and add --previous FILE.");
        flow.paragraph("4. Photos and documents: compute the SHA-256 of each file you hold (for instance with"
                + " sha256sum) and compare it with the digests of sections 5 and 7.");
    }

    /** Sequence numbers as ranges: 3, 7–9, 12. */
    static String ranges(List<Long> sequences) {
        if (sequences.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        long start = sequences.getFirst();
        long previous = start;
        for (int i = 1; i <= sequences.size(); i++) {
            Long next = i < sequences.size() ? sequences.get(i) : null;
            if (next != null && next == previous + 1) {
                previous = next;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(start);
            if (previous != start) {
                out.append(previous == start + 1 ? ", " : "–").append(previous);
            }
            if (next != null) {
                start = next;
                previous = next;
            }
        }
        return out.toString();
    }

    private void section(String title) throws IOException {
        flow.heading(title);
        sectionPages.put(title, flow.pageNumber());
    }
}
