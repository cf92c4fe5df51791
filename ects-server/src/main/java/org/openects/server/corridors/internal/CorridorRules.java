package org.openects.server.corridors.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.corridors.RouteCorridor.Area;
import org.openects.server.corridors.RouteCorridor.AuthorisedStop;
import org.openects.server.corridors.RouteCorridor.BorderPost;
import org.openects.server.corridors.RouteCorridor.Point;
import org.openects.server.corridors.RouteCorridor.RestAllowance;
import org.openects.server.corridors.RouteCorridor.SpeedBand;
import org.openects.server.corridors.internal.CorridorDraft.AreaDraft;
import org.openects.server.corridors.internal.CorridorDraft.BandDraft;
import org.openects.server.corridors.internal.CorridorDraft.PlaceDraft;
import org.openects.server.corridors.internal.CorridorDraft.PointDraft;
import org.openects.server.corridors.internal.CorridorDraft.RestDraft;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;

/**
 * The rules a corridor meets, whatever format it came in. Field names in the problems are those of our JSON model
 * ({@code centreline[3].latitude}, {@code restrictedZones[0].ring}), so a GeoJSON, KML or GPX import is answered in
 * the same words.
 */
final class CorridorRules {

    static final Pattern ID = Pattern.compile("[a-z0-9-]{3,64}");
    static final int MAX_NAME_LENGTH = 200;
    static final int MIN_WIDTH_METERS = 100;
    static final int MAX_WIDTH_METERS = 20_000;
    static final int MIN_RADIUS_METERS = 50;
    static final int MAX_RADIUS_METERS = 50_000;
    static final int MAX_STAY_MINUTES = 7 * 24 * 60;
    static final int MIN_KMH = 5;
    static final int MAX_KMH = 130;
    static final int MAX_DRIVING_MINUTES = 24 * 60;
    static final int MAX_REST_MINUTES = 24 * 60;
    static final int MAX_POINTS = 20_000;
    static final int MAX_PLACES = 500;

    private CorridorRules() {}

    /**
     * The corridor the draft describes (version 0, not stamped yet), its rings turned counterclockwise.
     *
     * @throws InvalidFieldException naming every field that breaks a rule
     */
    static RouteCorridor check(CorridorDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        String id = draft.id();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(new FieldProblem("id", "must be 3 to 64 lower-case letters, digits or hyphens"));
        }
        String name = draft.name();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "must not be blank"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        List<Point> centreline = centreline(draft.centreline(), problems);
        Integer width = draft.widthMeters();
        if (width == null || width < MIN_WIDTH_METERS || width > MAX_WIDTH_METERS) {
            problems.add(new FieldProblem(
                    "widthMeters", "must be between " + MIN_WIDTH_METERS + " and " + MAX_WIDTH_METERS + " metres"));
        }
        List<BorderPost> posts = new ArrayList<>();
        List<PlaceDraft> postDrafts = list(draft.borderPosts(), "borderPosts", problems);
        for (int i = 0; i < postDrafts.size(); i++) {
            PlaceDraft place = postDrafts.get(i);
            String field = "borderPosts[" + i + "]";
            String placeName = placeName(place, field, problems);
            Point position = position(place, field, problems);
            int radius = radius(place, field, problems);
            if (placeName != null && position != null) {
                posts.add(new BorderPost(placeName, position, radius));
            }
        }
        List<AuthorisedStop> stops = new ArrayList<>();
        List<PlaceDraft> stopDrafts = list(draft.authorisedStops(), "authorisedStops", problems);
        for (int i = 0; i < stopDrafts.size(); i++) {
            PlaceDraft place = stopDrafts.get(i);
            String field = "authorisedStops[" + i + "]";
            String placeName = placeName(place, field, problems);
            Point position = position(place, field, problems);
            int radius = radius(place, field, problems);
            Integer stay = place == null ? null : place.maxStayMinutes();
            if (stay == null || stay < 1 || stay > MAX_STAY_MINUTES) {
                problems.add(new FieldProblem(
                        field + ".maxStayMinutes", "must be between 1 and " + MAX_STAY_MINUTES + " minutes"));
            } else if (placeName != null && position != null) {
                stops.add(new AuthorisedStop(placeName, position, radius, stay));
            }
        }
        List<Area> zones = areas(draft.restrictedZones(), "restrictedZones", problems);
        List<Area> holes = areas(draft.coverageHoles(), "coverageHoles", problems);
        List<SpeedBand> profile = speedProfile(draft.speedProfile(), problems);
        RestAllowance rest = rest(draft.restAllowance(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        return new RouteCorridor(
                id, 0, name, centreline, width, posts, stops, zones, holes, profile, rest, Instant.EPOCH, "");
    }

    private static List<Point> centreline(@Nullable List<PointDraft> drafts, List<FieldProblem> problems) {
        if (drafts == null || drafts.size() < 2) {
            problems.add(new FieldProblem("centreline", "must have at least two positions"));
            return List.of();
        }
        if (drafts.size() > MAX_POINTS) {
            problems.add(new FieldProblem("centreline", "must have at most " + MAX_POINTS + " positions"));
            return List.of();
        }
        List<Point> points = points(drafts, "centreline", problems);
        if (points.size() == drafts.size() && points.stream().distinct().count() < 2) {
            problems.add(new FieldProblem("centreline", "must have at least two distinct positions"));
        }
        return points;
    }

    /** The points that are valid; a problem for each one that is not. */
    private static List<Point> points(List<PointDraft> drafts, String field, List<FieldProblem> problems) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Point point = point(drafts.get(i), field + "[" + i + "]", problems);
            if (point != null) {
                points.add(point);
            }
        }
        return points;
    }

    private static @Nullable Point point(@Nullable PointDraft draft, String field, List<FieldProblem> problems) {
        Double latitude = draft == null ? null : draft.latitude();
        Double longitude = draft == null ? null : draft.longitude();
        boolean ok = true;
        if (latitude == null || !(latitude >= -90 && latitude <= 90)) {
            problems.add(new FieldProblem(field + ".latitude", "must be between -90 and 90 degrees"));
            ok = false;
        }
        if (longitude == null || !(longitude >= -180 && longitude <= 180)) {
            problems.add(new FieldProblem(field + ".longitude", "must be between -180 and 180 degrees"));
            ok = false;
        }
        return ok ? new Point(latitude, longitude) : null;
    }

    private static <T> List<T> list(@Nullable List<T> given, String field, List<FieldProblem> problems) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_PLACES) {
            problems.add(new FieldProblem(field, "must have at most " + MAX_PLACES + " entries"));
            return List.of();
        }
        return given;
    }

    private static @Nullable String placeName(@Nullable PlaceDraft place, String field, List<FieldProblem> problems) {
        String name = place == null ? null : place.name();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem(field + ".name", "must not be blank"));
            return null;
        }
        if (name.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem(field + ".name", "must be at most " + MAX_NAME_LENGTH + " characters"));
            return null;
        }
        return name;
    }

    private static @Nullable Point position(@Nullable PlaceDraft place, String field, List<FieldProblem> problems) {
        if (place == null || place.position() == null) {
            problems.add(new FieldProblem(field + ".position", "must be given"));
            return null;
        }
        return point(place.position(), field + ".position", problems);
    }

    private static int radius(@Nullable PlaceDraft place, String field, List<FieldProblem> problems) {
        Integer radius = place == null ? null : place.radiusMeters();
        if (radius == null || radius < MIN_RADIUS_METERS || radius > MAX_RADIUS_METERS) {
            problems.add(new FieldProblem(
                    field + ".radiusMeters",
                    "must be between " + MIN_RADIUS_METERS + " and " + MAX_RADIUS_METERS + " metres"));
            return 0;
        }
        return radius;
    }

    private static List<Area> areas(@Nullable List<AreaDraft> drafts, String field, List<FieldProblem> problems) {
        List<Area> areas = new ArrayList<>();
        List<AreaDraft> given = list(drafts, field, problems);
        for (int i = 0; i < given.size(); i++) {
            AreaDraft draft = given.get(i);
            String at = field + "[" + i + "]";
            String name = draft == null ? null : draft.name();
            if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
                problems.add(new FieldProblem(
                        at + ".name", "must not be blank and at most " + MAX_NAME_LENGTH + " characters"));
            }
            List<PointDraft> ring = draft == null ? null : draft.ring();
            if (ring == null || ring.size() < 4) {
                problems.add(new FieldProblem(at + ".ring", "must have at least four positions"));
                continue;
            }
            if (ring.size() > MAX_POINTS) {
                problems.add(new FieldProblem(at + ".ring", "must have at most " + MAX_POINTS + " positions"));
                continue;
            }
            List<Point> points = points(ring, at + ".ring", problems);
            if (points.size() != ring.size()) {
                continue;
            }
            if (!points.getFirst().equals(points.getLast())) {
                problems.add(new FieldProblem(at + ".ring", "must be closed: its last position must be its first"));
                continue;
            }
            if (points.stream().distinct().count() < 3) {
                problems.add(new FieldProblem(at + ".ring", "must enclose an area (three distinct positions or more)"));
                continue;
            }
            if (name != null && !name.isBlank() && name.length() <= MAX_NAME_LENGTH) {
                areas.add(new Area(name, counterclockwise(points)));
            }
        }
        return areas;
    }

    /**
     * The ring with its positions counterclockwise (RFC 7946, section 3.1.6), by JTS's orientation test on longitude
     * and latitude: reversed when it runs clockwise.
     */
    static List<Point> counterclockwise(List<Point> ring) {
        Coordinate[] coordinates = ring.stream()
                .map(point -> new Coordinate(point.longitude(), point.latitude()))
                .toArray(Coordinate[]::new);
        return Orientation.isCCWArea(coordinates) ? List.copyOf(ring) : List.copyOf(ring.reversed());
    }

    private static List<SpeedBand> speedProfile(@Nullable List<BandDraft> drafts, List<FieldProblem> problems) {
        if (drafts == null || drafts.isEmpty()) {
            return List.of(new SpeedBand(null, RouteCorridor.DEFAULT_SPEED_KMH));
        }
        List<BandDraft> given = list(drafts, "speedProfile", problems);
        List<SpeedBand> bands = new ArrayList<>();
        double previous = 0;
        for (int i = 0; i < given.size(); i++) {
            BandDraft band = given.get(i);
            String field = "speedProfile[" + i + "]";
            boolean last = i == given.size() - 1;
            Double until = band == null ? null : band.untilKm();
            Integer kmh = band == null ? null : band.kmh();
            if (kmh == null || kmh < MIN_KMH || kmh > MAX_KMH) {
                problems.add(new FieldProblem(field + ".kmh", "must be between " + MIN_KMH + " and " + MAX_KMH));
            }
            if (last) {
                if (until != null) {
                    problems.add(
                            new FieldProblem(field + ".untilKm", "must be left out: the last band runs to the end"));
                }
            } else if (until == null || !Double.isFinite(until) || until <= previous) {
                problems.add(new FieldProblem(
                        field + ".untilKm", "must be greater than the previous band's end (" + previous + " km)"));
            } else {
                previous = until;
            }
            if (kmh != null) {
                bands.add(new SpeedBand(last ? null : until, kmh));
            }
        }
        return bands;
    }

    private static RestAllowance rest(@Nullable RestDraft draft, List<FieldProblem> problems) {
        if (draft == null) {
            return RestAllowance.DEFAULT;
        }
        Integer after = draft.afterDrivingMinutes();
        Integer rest = draft.restMinutes();
        int afterMinutes = after == null ? RestAllowance.DEFAULT.afterDrivingMinutes() : after;
        int restMinutes = rest == null ? RestAllowance.DEFAULT.restMinutes() : rest;
        if (afterMinutes < 30 || afterMinutes > MAX_DRIVING_MINUTES) {
            problems.add(new FieldProblem(
                    "restAllowance.afterDrivingMinutes", "must be between 30 and " + MAX_DRIVING_MINUTES + " minutes"));
        }
        if (restMinutes < 0 || restMinutes > MAX_REST_MINUTES) {
            problems.add(new FieldProblem(
                    "restAllowance.restMinutes", "must be between 0 and " + MAX_REST_MINUTES + " minutes"));
        }
        return new RestAllowance(afterMinutes, restMinutes);
    }
}
