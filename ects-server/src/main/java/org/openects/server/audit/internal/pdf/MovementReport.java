package org.openects.server.audit.internal.pdf;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.evidence.entry.AuditEntry;
import org.openects.server.audit.MovementActivity;
import org.openects.server.audit.MovementSummary;

/**
 * A movement's report for people, as PDF (A4, the standard Helvetica and Courier fonts, nothing embedded): summary,
 * route map, alerts and their handling, events, the people who acted on the movement, attachment digests, and how to
 * verify it all with the signed XML bundle. Plain rendering, no database: the caller gathers the content.
 */
public final class MovementReport {

    static final String NOT_EVIDENCE = "This report is a rendering for people. It is not signed and is not the"
            + " evidence: the signed XML evidence bundle of the movement is. The route, reports, events and alerts"
            + " shown here come from the platform's operational records; the people, actions and digests come from the"
            + " audit log entries listed in section 8, which the XML bundle proves. Where the two disagree, the bundle"
            + " prevails.";

    static final String PHOTOS_HELD = "The platform holds the photos taken at custody steps; their thumbnails are in"
            + " section 5, and each can be downloaded from the movement's custody API"
            + " (GET /api/v1/movements/{id}/custody/photos/{sha256}). For any other digest here the platform holds only"
            + " the digest.";

    /** The PDF's creator: the generator the signed XML bundle names too. */
    static final String CREATOR = "OpenECTS";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Everything the report shows.
     *
     * @param movement what the movement's owner knows about it
     * @param activity what the monitoring recorded
     * @param entries the audit entries about the movement and its alerts, below the checkpoint's size
     * @param checkpoint the checkpoint the entries are proven against
     * @param verifierKey the key the checkpoint verifies with
     * @param generatedAt when the report was made
     * @param generatedBy who asked for it (an audit actor)
     */
    public record Content(
            MovementSummary movement,
            MovementActivity activity,
            List<AuditEntry> entries,
            SignedCheckpoint checkpoint,
            VerifierKey verifierKey,
            Instant generatedAt,
            String generatedBy) {}

    private final Content content;
    private final PageFlow flow;
    private final MovementSummary movement;
    private final MovementActivity activity;
    private final Map<Long, String> alertLabels = new HashMap<>();
    private final Map<Long, String> eventAlerts = new HashMap<>();
    private final Map<String, Integer> sectionPages = new LinkedHashMap<>();

    private MovementReport(Content content, PageFlow flow) {
        this.content = content;
        this.flow = flow;
        this.movement = content.movement();
        this.activity = content.activity();
        int n = 1;
        for (MovementActivity.Alert alert : activity.alerts()) {
            String label = "A" + n++;
            alertLabels.put(alert.id(), label);
            eventAlerts.put(alert.eventId(), label);
        }
    }

    /** The report as PDF bytes. */
    public static byte[] render(Content content) {
        try (PageFlow flow = new PageFlow()) {
            return new MovementReport(content, flow).write();
        } catch (IOException e) {
            throw new IllegalStateException("the movement report could not be drawn: " + e.getMessage(), e);
        }
    }

    private byte[] write() throws IOException {
        PDDocumentInformation info = flow.document().getDocumentInformation();
        info.setTitle("Movement " + movement.reference());
        info.setSubject("OpenECTS movement report (not evidence: see the signed XML bundle)");
        info.setCreator(CREATOR);
        java.util.Calendar created = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
        created.setTimeInMillis(content.generatedAt().toEpochMilli());
        info.setCreationDate(created);

        float contentsY = summary();
        route();
        alerts();
        events();
        new CustodyAndProof(content, flow, alertLabels, sectionPages).write();
        flow.closePage();
        flow.onPage(1, () -> contents(contentsY));
        return flow.finish(
                "OpenECTS movement report · " + movement.reference(),
                "Movement " + movement.reference() + " · generated " + time(content.generatedAt())
                        + " UTC · a rendering, not evidence: verify the XML bundle (section 8)");
    }

    // ---- 1. summary

    /** Writes the summary; answers where the table of contents goes on page 1. */
    private float summary() throws IOException {
        sectionPages.put("1  Summary", flow.pageNumber());
        flow.text(flow.regular, 10, PageFlow.MUTED, PageFlow.LEFT, flow.y() - 10, "OpenECTS · movement report");
        flow.space(34);
        flow.text(flow.bold, 22, PageFlow.INK, PageFlow.LEFT, flow.y() - 22, movement.reference());
        flow.space(34);
        flow.paragraph(flow.regular, 8.5f, PageFlow.MUTED, NOT_EVIDENCE);
        flow.space(4);

        List<MovementActivity.Position> track = activity.track();
        long history = track.stream().filter(MovementActivity.Position::history).count();
        List<String[]> facts = new ArrayList<>();
        facts.add(fact("Customs reference", movement.reference()));
        facts.add(fact("Movement number", Long.toString(movement.id())));
        facts.add(fact("Vehicle / container", orElse(movement.vehicle(), "not declared")));
        facts.add(fact("Trader", movement.trader()));
        facts.add(fact("Transporter", orElse(movement.transporter(), "not declared")));
        facts.add(fact(
                movement.devices().size() == 1 ? "Device" : "Devices",
                movement.devices().isEmpty() ? "none" : String.join("\n", movement.devices())));
        MovementSummary.Route route = movement.route();
        facts.add(fact("Origin", place(route.origin())));
        facts.add(fact("Destination", place(route.destination())));
        facts.add(fact(
                "Corridor",
                String.format(
                        Locale.ROOT,
                        "%,.0f m wide, %,.1f km along a centreline of %d points",
                        route.corridorWidthMeters(),
                        length(route.centreline()) / 1000,
                        route.centreline().size())));
        facts.add(fact("Maximum reporting gap", String.format(Locale.ROOT, "%,d s", route.maxReportingGapSeconds())));
        if (route.estimatedDistanceMeters() != null) {
            facts.add(fact(
                    "Estimated distance",
                    String.format(Locale.ROOT, "%,.1f km (geodesic, WGS 84)", route.estimatedDistanceMeters() / 1000)));
        }
        if (route.estimatedTransitSeconds() != null) {
            long seconds = route.estimatedTransitSeconds();
            facts.add(fact(
                    "Estimated transit time",
                    String.format(
                            Locale.ROOT,
                            "%d h %02d min (speed profile and driver rests)",
                            seconds / 3600,
                            seconds % 3600 / 60)));
        }
        if (route.timeLimit() != null) {
            facts.add(fact("Time limit", time(route.timeLimit()) + " UTC"));
        }
        facts.add(fact("Status", movement.state()));
        facts.add(fact("Supervision started", time(movement.startedAt()) + " UTC"));
        facts.add(fact(
                "Supervision ended",
                movement.endedAt() != null
                        ? time(movement.endedAt()) + " UTC"
                                + (movement.endReason() == null ? "" : ": " + movement.endReason())
                        : "CLOSED".equals(movement.state()) || "CANCELLED".equals(movement.state())
                                ? "not recorded by the platform"
                                : "not ended"));
        facts.add(fact(
                "First and last position",
                track.isEmpty()
                        ? "no position reported"
                        : time(track.getFirst().at()) + " UTC to "
                                + time(track.getLast().at()) + " UTC (device time)"));
        facts.add(fact(
                "Reports",
                String.format(
                        Locale.ROOT,
                        "%,d received, %,d with a position, %,d of them sent late as buffered history",
                        activity.reports(),
                        track.size(),
                        history)));
        facts.add(fact(
                "Custody steps",
                movement.custody().isEmpty()
                        ? "none recorded"
                        : String.format(
                                Locale.ROOT,
                                "%,d recorded by officers, with %,d photos (section 5)",
                                movement.custody().size(),
                                movement.custody().stream()
                                        .mapToLong(step -> step.photos().size())
                                        .sum())));
        facts.add(fact(
                "Events", String.format(Locale.ROOT, "%,d", activity.events().size())));
        facts.add(fact("Alerts", alertCounts()));
        facts.add(fact(
                "Audit entries",
                String.format(
                        Locale.ROOT,
                        "%,d about the movement and its alerts, in the log up to checkpoint size %,d",
                        content.entries().size(),
                        content.checkpoint().checkpoint().size())));
        facts.add(fact("Report generated", time(content.generatedAt()) + " UTC by " + content.generatedBy()));
        flow.facts(facts);

        float contentsY = flow.y();
        flow.space(120);
        return contentsY;
    }

    private void contents(float top) throws IOException {
        flow.text(flow.bold, 10, PageFlow.INK, PageFlow.LEFT, top - 10, "Contents");
        float y = top - 26;
        for (Map.Entry<String, Integer> section : sectionPages.entrySet()) {
            flow.text(flow.regular, 9, PageFlow.INK, PageFlow.LEFT, y, section.getKey());
            String page = "page " + section.getValue();
            flow.text(flow.regular, 9, PageFlow.INK, PageFlow.LEFT + 300 - flow.regular.width(page, 9), y, page);
            y -= 12.5f;
        }
    }

    private String alertCounts() {
        Map<String, Long> byState = activity.alerts().stream()
                .collect(Collectors.groupingBy(MovementActivity.Alert::state, Collectors.counting()));
        if (activity.alerts().isEmpty()) {
            return "none";
        }
        return String.format(
                Locale.ROOT,
                "%,d (open %d, acknowledged %d, resolved %d, false alarm %d)",
                activity.alerts().size(),
                byState.getOrDefault("OPEN", 0L),
                byState.getOrDefault("ACKNOWLEDGED", 0L),
                byState.getOrDefault("RESOLVED", 0L),
                byState.getOrDefault("FALSE_ALARM", 0L));
    }

    // ---- 2. route

    private void route() throws IOException {
        flow.newPage();
        section("2  Route");
        RouteMap map = new RouteMap(
                movement.route(),
                activity,
                activity.alerts().stream().map(a -> alertLabels.get(a.id())).toList());
        float legend = 74;
        float height = flow.y() - PageFlow.BOTTOM - legend;
        map.draw(flow, PageFlow.LEFT, flow.y() - height, PageFlow.WIDTH, height);
        flow.space(height + 12);
        legend();
        flow.paragraph(
                flow.regular,
                7.5f,
                PageFlow.MUTED,
                String.format(
                        Locale.ROOT,
                        "Equirectangular projection, true at latitude %.3f; north is up; no background map. The"
                                + " corridor is its centreline drawn %,.0f m wide (at least 1.5 pt). Track: %,d reported"
                                + " positions, drawn with %,d points (positions closer than a third of a point on the"
                                + " page to the previous one are left out). Alert markers sit where the alert was"
                                + " raised.",
                        map.standardParallel(),
                        movement.route().corridorWidthMeters(),
                        activity.track().size(),
                        map.drawnTrackPoints()));
    }

    private void legend() throws IOException {
        PDPageContentStream cs = flow.content();
        float y = flow.y() - 8;
        float x = PageFlow.LEFT;
        cs.setLineCapStyle(1);
        cs.setLineWidth(6);
        cs.setStrokingColor(RouteMap.CORRIDOR[0], RouteMap.CORRIDOR[1], RouteMap.CORRIDOR[2]);
        cs.moveTo(x + 3, y);
        cs.lineTo(x + 19, y);
        cs.stroke();
        x = legendText(x + 24, y, "corridor");
        cs.setLineWidth(1.1f);
        cs.setStrokingColor(RouteMap.TRACK[0], RouteMap.TRACK[1], RouteMap.TRACK[2]);
        cs.moveTo(x, y);
        cs.lineTo(x + 18, y);
        cs.stroke();
        x = legendText(x + 22, y, "reported track (dot: latest position)");
        x = legendSwatch(
                x,
                y,
                RouteMap.ORIGIN_AREA,
                RouteMap.ORIGIN,
                "origin: " + movement.route().origin().name());
        x = legendSwatch(
                x,
                y,
                RouteMap.DESTINATION_AREA,
                RouteMap.DESTINATION,
                "destination: " + movement.route().destination().name());
        cs.setNonStrokingColor(RouteMap.ALERT[0], RouteMap.ALERT[1], RouteMap.ALERT[2]);
        cs.moveTo(x + 5, y + 4.5f);
        cs.lineTo(x + 1, y - 2.5f);
        cs.lineTo(x + 9, y - 2.5f);
        cs.closePath();
        cs.fill();
        legendText(x + 13, y, "alert (see section 3)");
        flow.space(22);
    }

    private float legendText(float x, float y, String text) throws IOException {
        String safe = flow.regular.safe(text);
        flow.text(flow.regular, 7.5f, PageFlow.INK, x, y - 2.5f, safe);
        return x + flow.regular.width(safe, 7.5f) + 14;
    }

    private float legendSwatch(float x, float y, float[] fill, float[] outline, String text) throws IOException {
        PDPageContentStream cs = flow.content();
        cs.setNonStrokingColor(fill[0], fill[1], fill[2]);
        cs.setStrokingColor(outline[0], outline[1], outline[2]);
        cs.setLineWidth(1);
        cs.addRect(x, y - 4, 10, 8);
        cs.fillAndStroke();
        return legendText(x + 14, y, text);
    }

    // ---- 3. alerts

    private void alerts() throws IOException {
        flow.newPage();
        section("3  Alerts and their handling");
        if (activity.alerts().isEmpty()) {
            flow.paragraph("No alert was raised for this movement.");
            return;
        }
        flow.paragraph("Every alert raised for the movement, in the order raised, with who acknowledged it and who"
                + " closed it (resolved or false alarm), when, and what they wrote. Times are UTC; positions are"
                + " latitude, longitude.");
        List<List<String>> rows = new ArrayList<>();
        for (MovementActivity.Alert alert : activity.alerts()) {
            rows.add(List.of(
                    alertLabels.get(alert.id()),
                    time(alert.raisedAt()) + (alert.late() ? "\n(late)" : ""),
                    alert.type(),
                    alert.severity(),
                    position(alert.latitude(), alert.longitude()),
                    alert.state().toLowerCase(Locale.ROOT).replace('_', ' '),
                    alert.acknowledgedBy() == null ? "–" : alert.acknowledgedBy() + "\n" + time(alert.acknowledgedAt()),
                    alert.closedBy() == null
                            ? "–"
                            : orElse(alert.resolution(), "closed") + "\nby " + alert.closedBy() + "\n"
                                    + time(alert.closedAt()),
                    orElse(alert.reason(), "")
                            + (alert.detail() == null || alert.detail().isBlank()
                                    ? ""
                                    : (alert.reason() == null ? "" : "\n") + "Rule: " + alert.detail())));
        }
        flow.table(
                List.of(
                        PageFlow.Column.of("Alert", 0.045f),
                        PageFlow.Column.of("Raised (UTC)", 0.105f),
                        PageFlow.Column.of("Type", 0.14f),
                        PageFlow.Column.of("Severity", 0.07f),
                        PageFlow.Column.of("Position", 0.10f),
                        PageFlow.Column.of("State", 0.10f),
                        PageFlow.Column.of("Acknowledged by", 0.12f),
                        PageFlow.Column.of("Closed", 0.125f),
                        PageFlow.Column.of("Comment", 0.195f)),
                rows);
    }

    // ---- 4. events

    private void events() throws IOException {
        section("4  Events");
        if (activity.events().isEmpty()) {
            flow.paragraph("No event was recorded for this movement.");
            return;
        }
        flow.paragraph("The movement's timeline as the monitoring rules recorded it, in time order (device time,"
                + " UTC). \"Late\" marks events detected from buffered history after the fact; \"Alert\" names the"
                + " alert an event raised (section 3).");
        List<List<String>> rows = new ArrayList<>();
        int n = 1;
        for (MovementActivity.Event event : activity.events()) {
            rows.add(List.of(
                    Integer.toString(n++),
                    time(event.at()),
                    event.type(),
                    event.severity(),
                    position(event.latitude(), event.longitude()),
                    event.late() ? "late" : "",
                    eventAlerts.getOrDefault(event.id(), ""),
                    orElse(event.detail(), "")));
        }
        flow.table(
                List.of(
                        PageFlow.Column.of("#", 0.045f),
                        PageFlow.Column.of("Time (UTC)", 0.115f),
                        PageFlow.Column.of("Type", 0.20f),
                        PageFlow.Column.of("Severity", 0.075f),
                        PageFlow.Column.of("Position", 0.11f),
                        PageFlow.Column.of("Late", 0.045f),
                        PageFlow.Column.of("Alert", 0.055f),
                        PageFlow.Column.of("Detail", 0.355f)),
                rows);
    }

    // ---- helpers

    private void section(String title) throws IOException {
        flow.heading(title);
        sectionPages.put(title, flow.pageNumber());
    }

    static String[] fact(String label, String value) {
        return new String[] {label, value};
    }

    static String place(MovementSummary.Place place) {
        return String.format(
                Locale.ROOT,
                "%s (%.5f, %.5f), radius %,.0f m",
                place.name(),
                place.position().latitude(),
                place.position().longitude(),
                place.radiusMeters());
    }

    static String position(@Nullable Double latitude, @Nullable Double longitude) {
        if (latitude == null || longitude == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.5f,\n%.5f", latitude, longitude);
    }

    static String time(@Nullable Instant instant) {
        return instant == null ? "–" : TIME.format(instant);
    }

    static String orElse(@Nullable String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** The length of a polyline along great circles (haversine), metres. */
    static double length(List<GeoPosition> line) {
        double metres = 0;
        for (int i = 1; i < line.size(); i++) {
            GeoPosition a = line.get(i - 1);
            GeoPosition b = line.get(i);
            double dLat = Math.toRadians(b.latitude() - a.latitude());
            double dLon = Math.toRadians(b.longitude() - a.longitude());
            double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                    + Math.cos(Math.toRadians(a.latitude()))
                            * Math.cos(Math.toRadians(b.latitude()))
                            * Math.sin(dLon / 2)
                            * Math.sin(dLon / 2);
            metres += 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
        }
        return metres;
    }
}
