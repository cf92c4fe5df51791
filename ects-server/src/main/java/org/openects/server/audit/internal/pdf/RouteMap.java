package org.openects.server.audit.internal.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.openects.domain.GeoPosition;
import org.openects.server.audit.MovementActivity;
import org.openects.server.audit.MovementSummary;

/**
 * A movement's route drawn as vector graphics, without map tiles: the corridor (its centreline stroked as wide as the
 * corridor, which is the corridor's buffer), the origin and destination geofences, the reported track and the alert
 * positions, in an equirectangular projection fitted to a box, with a scale bar and a north arrow. A long track is
 * thinned to the points that are at least a fraction of a point apart on the page: the drawing is the same, the file
 * smaller; its first and last positions are always kept, and alerts are drawn from their own positions.
 */
final class RouteMap {

    /** Mean Earth radius (IUGG), metres. */
    private static final double EARTH_RADIUS = 6_371_008.8;

    private static final double METRES_PER_DEGREE = Math.PI * EARTH_RADIUS / 180;

    /** Track points closer than this to the previous drawn one (in points on the page) are not drawn. */
    private static final float THINNING = 0.35f;

    static final float[] CORRIDOR = {0.80f, 0.86f, 0.94f};
    static final float[] CENTRELINE = {0.45f, 0.55f, 0.70f};
    static final float[] ORIGIN = {0.20f, 0.60f, 0.30f};
    static final float[] ORIGIN_AREA = {0.86f, 0.94f, 0.87f};
    static final float[] DESTINATION = {0.55f, 0.30f, 0.65f};
    static final float[] DESTINATION_AREA = {0.93f, 0.88f, 0.95f};
    static final float[] TRACK = {0.05f, 0.25f, 0.65f};
    static final float[] ALERT = {0.85f, 0.10f, 0.10f};
    static final float[] PAPER = {0.985f, 0.985f, 0.975f};

    private final MovementSummary.Route route;
    private final MovementActivity activity;
    private final List<String> alertLabels;

    private double latitude0;
    private double longitude0;
    private double cosine;
    private double scale;
    private float originX;
    private float originY;
    private double centreX;
    private double centreY;
    private int drawnTrackPoints;

    /**
     * @param alertLabels the label of each alert of {@code activity}, in the same order
     */
    RouteMap(MovementSummary.Route route, MovementActivity activity, List<String> alertLabels) {
        this.route = route;
        this.activity = activity;
        this.alertLabels = alertLabels;
    }

    /** How many track points the drawing used (after thinning). */
    int drawnTrackPoints() {
        return drawnTrackPoints;
    }

    /** The latitude the projection is true at. */
    double standardParallel() {
        return latitude0;
    }

    /** Draws the map into the box (x, y = lower left corner) on {@code flow}'s current page. */
    void draw(PageFlow flow, float x, float y, float width, float height) throws IOException {
        PDPageContentStream cs = flow.content();
        fit(x, y, width, height);

        cs.saveGraphicsState();
        fill(cs, PAPER);
        cs.addRect(x, y, width, height);
        cs.fill();
        cs.addRect(x, y, width, height);
        cs.clip();

        drawGeofence(cs, route.origin(), ORIGIN_AREA, true);
        drawGeofence(cs, route.destination(), DESTINATION_AREA, true);
        drawCorridor(cs);
        drawGeofence(cs, route.origin(), ORIGIN, false);
        drawGeofence(cs, route.destination(), DESTINATION, false);
        drawTrack(cs);
        drawAlerts(flow);
        label(flow, route.origin());
        label(flow, route.destination());
        cs.restoreGraphicsState();

        cs.setStrokingColor(PageFlow.RULE[0], PageFlow.RULE[1], PageFlow.RULE[2]);
        cs.setLineWidth(0.75f);
        cs.addRect(x, y, width, height);
        cs.stroke();
        drawScaleBar(flow, x + 10, y + 10, width);
        drawNorthArrow(flow, x + width - 24, y + height - 40);
    }

    // ---- projection

    private void fit(float x, float y, float width, float height) {
        double minLat = Double.POSITIVE_INFINITY;
        double maxLat = Double.NEGATIVE_INFINITY;
        double minLon = Double.POSITIVE_INFINITY;
        double maxLon = Double.NEGATIVE_INFINITY;
        List<double[]> points = new ArrayList<>();
        for (GeoPosition p : route.centreline()) {
            points.add(new double[] {p.latitude(), p.longitude(), 0});
        }
        points.add(place(route.origin()));
        points.add(place(route.destination()));
        for (MovementActivity.Position p : activity.track()) {
            points.add(new double[] {p.latitude(), p.longitude(), 0});
        }
        for (MovementActivity.Alert a : activity.alerts()) {
            if (a.latitude() != null && a.longitude() != null) {
                points.add(new double[] {a.latitude(), a.longitude(), 0});
            }
        }
        for (double[] p : points) {
            minLat = Math.min(minLat, p[0]);
            maxLat = Math.max(maxLat, p[0]);
            minLon = Math.min(minLon, p[1]);
            maxLon = Math.max(maxLon, p[1]);
        }
        latitude0 = (minLat + maxLat) / 2;
        longitude0 = (minLon + maxLon) / 2;
        cosine = Math.max(0.01, Math.cos(Math.toRadians(latitude0)));
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            double px = projectX(p[1]);
            double py = projectY(p[0]);
            minX = Math.min(minX, px - p[2]);
            maxX = Math.max(maxX, px + p[2]);
            minY = Math.min(minY, py - p[2]);
            maxY = Math.max(maxY, py + p[2]);
        }
        double margin = route.corridorWidthMeters() / 2;
        double spanX = Math.max(2_000, maxX - minX + 2 * margin) * 1.08;
        double spanY = Math.max(2_000, maxY - minY + 2 * margin) * 1.08;
        scale = Math.min(width / spanX, height / spanY);
        centreX = (minX + maxX) / 2;
        centreY = (minY + maxY) / 2;
        originX = x + width / 2;
        originY = y + height / 2;
    }

    private static double[] place(MovementSummary.Place place) {
        return new double[] {place.position().latitude(), place.position().longitude(), place.radiusMeters()};
    }

    private double projectX(double longitude) {
        return (longitude - longitude0) * METRES_PER_DEGREE * cosine;
    }

    private double projectY(double latitude) {
        return (latitude - latitude0) * METRES_PER_DEGREE;
    }

    private float pageX(double longitude) {
        return (float) (originX + (projectX(longitude) - centreX) * scale);
    }

    private float pageY(double latitude) {
        return (float) (originY + (projectY(latitude) - centreY) * scale);
    }

    // ---- layers

    private void drawCorridor(PDPageContentStream cs) throws IOException {
        List<GeoPosition> line = route.centreline();
        cs.setLineCapStyle(1);
        cs.setLineJoinStyle(1);
        cs.setLineWidth((float) Math.max(1.5, route.corridorWidthMeters() * scale));
        stroke(cs, CORRIDOR);
        polyline(cs, line);
        cs.stroke();
        cs.setLineWidth(0.6f);
        cs.setLineDashPattern(new float[] {3, 2}, 0);
        stroke(cs, CENTRELINE);
        polyline(cs, line);
        cs.stroke();
        cs.setLineDashPattern(new float[] {}, 0);
    }

    private void polyline(PDPageContentStream cs, List<GeoPosition> line) throws IOException {
        for (int i = 0; i < line.size(); i++) {
            float px = pageX(line.get(i).longitude());
            float py = pageY(line.get(i).latitude());
            if (i == 0) {
                cs.moveTo(px, py);
            } else {
                cs.lineTo(px, py);
            }
        }
    }

    private void drawGeofence(PDPageContentStream cs, MovementSummary.Place place, float[] colour, boolean area)
            throws IOException {
        float cx = pageX(place.position().longitude());
        float cy = pageY(place.position().latitude());
        float r = (float) Math.max(2.5, place.radiusMeters() * scale);
        circle(cs, cx, cy, r);
        if (area) {
            fill(cs, colour);
            cs.fill();
        } else {
            stroke(cs, colour);
            cs.setLineWidth(1f);
            cs.stroke();
        }
    }

    private void drawTrack(PDPageContentStream cs) throws IOException {
        List<MovementActivity.Position> track = activity.track();
        drawnTrackPoints = 0;
        if (track.isEmpty()) {
            return;
        }
        cs.setLineWidth(1.1f);
        cs.setLineCapStyle(1);
        cs.setLineJoinStyle(1);
        stroke(cs, TRACK);
        float lastX = pageX(track.getFirst().longitude());
        float lastY = pageY(track.getFirst().latitude());
        cs.moveTo(lastX, lastY);
        drawnTrackPoints = 1;
        for (int i = 1; i < track.size(); i++) {
            float px = pageX(track.get(i).longitude());
            float py = pageY(track.get(i).latitude());
            boolean lastPoint = i == track.size() - 1;
            if (lastPoint || Math.abs(px - lastX) + Math.abs(py - lastY) >= THINNING) {
                cs.lineTo(px, py);
                lastX = px;
                lastY = py;
                drawnTrackPoints++;
            }
        }
        cs.stroke();
        // The first position as a hollow dot, the latest as a filled one.
        circle(cs, pageX(track.getFirst().longitude()), pageY(track.getFirst().latitude()), 2.2f);
        fill(cs, PAPER);
        cs.fillAndStroke();
        circle(cs, lastX, lastY, 2.6f);
        fill(cs, TRACK);
        cs.fill();
    }

    private void drawAlerts(PageFlow flow) throws IOException {
        PDPageContentStream cs = flow.content();
        List<MovementActivity.Alert> alerts = activity.alerts();
        boolean labelled = alerts.size() <= 60;
        for (int i = 0; i < alerts.size(); i++) {
            MovementActivity.Alert alert = alerts.get(i);
            if (alert.latitude() == null || alert.longitude() == null) {
                continue;
            }
            float px = pageX(alert.longitude());
            float py = pageY(alert.latitude());
            cs.moveTo(px, py + 4.5f);
            cs.lineTo(px - 4, py - 2.5f);
            cs.lineTo(px + 4, py - 2.5f);
            cs.closePath();
            fill(cs, ALERT);
            stroke(cs, new float[] {0.45f, 0, 0});
            cs.setLineWidth(0.5f);
            cs.fillAndStroke();
            if (labelled) {
                flow.text(flow.bold, 6.5f, ALERT, px + 5, py + 1, alertLabels.get(i));
            }
        }
    }

    /** The geofence's name beside it, on the side facing the middle of the map, on a white ground. */
    private void label(PageFlow flow, MovementSummary.Place place) throws IOException {
        float cx = pageX(place.position().longitude());
        float cy = pageY(place.position().latitude());
        float r = (float) Math.max(2.5, place.radiusMeters() * scale);
        String name = flow.bold.safe(place.name());
        float width = flow.bold.width(name, 7);
        float x = cx <= originX ? cx + r + 4 : cx - r - 4 - width;
        float y = cy <= originY ? cy + r * 0.5f + 2 : cy - r * 0.5f - 9;
        PDPageContentStream cs = flow.content();
        fill(cs, new float[] {1, 1, 1});
        cs.addRect(x - 1.5f, y - 2, width + 3, 9.5f);
        cs.fill();
        flow.text(flow.bold, 7, PageFlow.INK, x, y, name);
    }

    private void drawScaleBar(PageFlow flow, float x, float y, float mapWidth) throws IOException {
        PDPageContentStream cs = flow.content();
        double metres = niceDistance(mapWidth / 4 / scale);
        float length = (float) (metres * scale);
        String text = metres >= 1000
                ? String.format(Locale.ROOT, "%,.0f km", metres / 1000)
                : String.format(Locale.ROOT, "%,.0f m", metres);
        fill(cs, new float[] {1, 1, 1});
        cs.addRect(x - 4, y - 4, length + 8, 20);
        cs.fill();
        stroke(cs, PageFlow.INK);
        cs.setLineWidth(1.2f);
        cs.moveTo(x, y + 5);
        cs.lineTo(x, y);
        cs.lineTo(x + length, y);
        cs.lineTo(x + length, y + 5);
        cs.stroke();
        cs.moveTo(x + length / 2, y);
        cs.lineTo(x + length / 2, y + 3);
        cs.stroke();
        flow.text(flow.regular, 7, PageFlow.INK, x + 2, y + 6, text);
    }

    /** 1, 2 or 5 times a power of ten, at most {@code metres}. */
    static double niceDistance(double metres) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(metres, 1))));
        for (double step : new double[] {5, 2, 1}) {
            if (step * power <= metres) {
                return step * power;
            }
        }
        return power;
    }

    private void drawNorthArrow(PageFlow flow, float x, float y) throws IOException {
        PDPageContentStream cs = flow.content();
        fill(cs, new float[] {1, 1, 1});
        cs.addRect(x - 9, y - 4, 18, 34);
        cs.fill();
        cs.moveTo(x, y + 20);
        cs.lineTo(x - 6, y);
        cs.lineTo(x, y + 5);
        cs.lineTo(x + 6, y);
        cs.closePath();
        fill(cs, PageFlow.INK);
        cs.fill();
        flow.text(flow.bold, 8, PageFlow.INK, x - 3, y + 22, "N");
    }

    // ---- drawing helpers

    private static void circle(PDPageContentStream cs, float cx, float cy, float r) throws IOException {
        float k = 0.5523f * r;
        cs.moveTo(cx + r, cy);
        cs.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
        cs.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
        cs.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
        cs.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
        cs.closePath();
    }

    private static void fill(PDPageContentStream cs, float[] colour) throws IOException {
        cs.setNonStrokingColor(colour[0], colour[1], colour[2]);
    }

    private static void stroke(PDPageContentStream cs, float[] colour) throws IOException {
        cs.setStrokingColor(colour[0], colour[1], colour[2]);
    }
}
