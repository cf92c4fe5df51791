package org.openects.server.corridors.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.corridors.RouteCorridor.Area;
import org.openects.server.corridors.RouteCorridor.AuthorisedStop;
import org.openects.server.corridors.RouteCorridor.BorderPost;
import org.openects.server.corridors.RouteCorridor.Point;
import org.openects.server.corridors.RouteCorridor.SpeedBand;
import org.openects.server.corridors.internal.CorridorDraft.AreaDraft;
import org.openects.server.corridors.internal.CorridorDraft.BandDraft;
import org.openects.server.corridors.internal.CorridorDraft.PlaceDraft;
import org.openects.server.corridors.internal.CorridorDraft.PointDraft;
import org.openects.server.corridors.internal.CorridorDraft.RestDraft;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corridor as a GeoJSON FeatureCollection (RFC 7946), built and read with Jackson's tree model. The centreline is a
 * LineString feature whose properties carry the corridor's id, name, version, width, speed profile and rest allowance;
 * border posts and authorised stops are Point features, restricted zones and coverage holes Polygon features, each
 * with a {@code kind} property. Positions are [longitude, latitude]; polygon rings are closed and counterclockwise.
 */
final class GeoJsonFormat {

    private final JsonMapper json;

    GeoJsonFormat(JsonMapper json) {
        this.json = json;
    }

    byte[] write(RouteCorridor corridor) {
        ObjectNode root = json.createObjectNode();
        root.put("type", "FeatureCollection");
        ArrayNode features = root.putArray("features");

        ObjectNode line = feature(features, corridor.id(), "LineString");
        positions(geometry(line).putArray("coordinates"), corridor.centreline());
        ObjectNode properties = line.putObject("properties");
        properties.put("kind", Kinds.CENTRELINE);
        properties.put("corridorId", corridor.id());
        properties.put("name", corridor.name());
        properties.put("version", corridor.version());
        properties.put("widthMeters", corridor.widthMeters());
        ArrayNode profile = properties.putArray("speedProfile");
        for (SpeedBand band : corridor.speedProfile()) {
            ObjectNode entry = profile.addObject();
            if (band.untilKm() != null) {
                entry.put("untilKm", band.untilKm());
            }
            entry.put("kmh", band.kmh());
        }
        ObjectNode rest = properties.putObject("restAllowance");
        rest.put("afterDrivingMinutes", corridor.restAllowance().afterDrivingMinutes());
        rest.put("restMinutes", corridor.restAllowance().restMinutes());

        for (BorderPost post : corridor.borderPosts()) {
            ObjectNode point = feature(features, null, "Point");
            position(geometry(point).putArray("coordinates"), post.position());
            ObjectNode p = point.putObject("properties");
            p.put("kind", Kinds.BORDER_POST);
            p.put("name", post.name());
            p.put("radiusMeters", post.radiusMeters());
        }
        for (AuthorisedStop stop : corridor.authorisedStops()) {
            ObjectNode point = feature(features, null, "Point");
            position(geometry(point).putArray("coordinates"), stop.position());
            ObjectNode p = point.putObject("properties");
            p.put("kind", Kinds.AUTHORISED_STOP);
            p.put("name", stop.name());
            p.put("radiusMeters", stop.radiusMeters());
            p.put("maxStayMinutes", stop.maxStayMinutes());
        }
        areas(features, corridor.restrictedZones(), Kinds.RESTRICTED_ZONE);
        areas(features, corridor.coverageHoles(), Kinds.COVERAGE_HOLE);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static ObjectNode feature(ArrayNode features, @Nullable String id, String geometryType) {
        ObjectNode feature = features.addObject();
        feature.put("type", "Feature");
        if (id != null) {
            feature.put("id", id);
        }
        feature.putObject("geometry").put("type", geometryType);
        return feature;
    }

    private static ObjectNode geometry(ObjectNode feature) {
        return (ObjectNode) feature.get("geometry");
    }

    private static void areas(ArrayNode features, List<Area> areas, String kind) {
        for (Area area : areas) {
            ObjectNode polygon = feature(features, null, "Polygon");
            ArrayNode rings = geometry(polygon).putArray("coordinates");
            positions(rings.addArray(), CorridorRules.counterclockwise(area.ring()));
            ObjectNode p = polygon.putObject("properties");
            p.put("kind", kind);
            p.put("name", area.name());
        }
    }

    private static void positions(ArrayNode array, List<Point> points) {
        points.forEach(point -> position(array.addArray(), point));
    }

    private static void position(ArrayNode array, Point point) {
        array.add(point.longitude());
        array.add(point.latitude());
    }

    /**
     * The corridor a GeoJSON document describes: a FeatureCollection, or a single Feature. A feature without a
     * {@code kind} property is the centreline when it is a LineString.
     *
     * @throws InvalidFieldException when it is not GeoJSON or not a corridor, naming where
     */
    CorridorDraft read(byte[] document) {
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (JacksonException e) {
            throw new InvalidFieldException(
                    "document", "is not valid GeoJSON: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFieldException("document", "is not valid GeoJSON: not a JSON object");
        }
        String type = string(root.get("type"));
        List<JsonNode> features = new ArrayList<>();
        if ("FeatureCollection".equals(type)) {
            JsonNode array = root.get("features");
            if (array == null || !array.isArray()) {
                throw new InvalidFieldException("features", "must be an array (RFC 7946, section 3.3)");
            }
            for (int i = 0; i < array.size(); i++) {
                features.add(array.get(i));
            }
        } else if ("Feature".equals(type)) {
            features.add(root);
        } else {
            throw new InvalidFieldException(
                    "type", "must be FeatureCollection or Feature for a corridor (RFC 7946, section 1.4)");
        }

        List<FieldProblem> problems = new ArrayList<>();
        Reading reading = new Reading();
        for (int i = 0; i < features.size(); i++) {
            feature(
                    features.get(i),
                    features.size() == 1 && root == features.get(0) ? "" : "features[" + i + "].",
                    reading,
                    problems);
        }
        if (reading.centreline == null && problems.isEmpty()) {
            problems.add(new FieldProblem("centreline", "must be given: one LineString feature of kind centreline"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        return reading.draft();
    }

    /** What the features have said so far. */
    private static final class Reading {
        @Nullable
        String id;

        @Nullable
        String name;

        @Nullable
        Integer width;

        @Nullable
        List<PointDraft> centreline;

        @Nullable
        List<BandDraft> profile;

        @Nullable
        RestDraft rest;

        final List<PlaceDraft> posts = new ArrayList<>();
        final List<PlaceDraft> stops = new ArrayList<>();
        final List<AreaDraft> zones = new ArrayList<>();
        final List<AreaDraft> holes = new ArrayList<>();

        CorridorDraft draft() {
            return new CorridorDraft(id, name, centreline, width, posts, stops, zones, holes, profile, rest);
        }
    }

    private static void feature(JsonNode feature, String at, Reading reading, List<FieldProblem> problems) {
        if (feature == null || !feature.isObject() || !"Feature".equals(string(feature.get("type")))) {
            problems.add(new FieldProblem(at + "type", "must be Feature (RFC 7946, section 3.2)"));
            return;
        }
        JsonNode geometry = feature.get("geometry");
        if (geometry == null || !geometry.isObject()) {
            problems.add(new FieldProblem(at + "geometry", "must be a geometry object"));
            return;
        }
        String geometryType = string(geometry.get("type"));
        JsonNode properties = feature.get("properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            problems.add(new FieldProblem(at + "properties", "must be an object or null"));
            return;
        }
        String kind = properties == null ? null : string(properties.get("kind"));
        if (kind == null && "LineString".equals(geometryType)) {
            kind = Kinds.CENTRELINE;
        }
        if (kind == null || !Kinds.ALL.contains(kind)) {
            problems.add(new FieldProblem(at + "properties.kind", "must be one of " + Kinds.list()));
            return;
        }
        String expected =
                switch (kind) {
                    case Kinds.CENTRELINE -> "LineString";
                    case Kinds.BORDER_POST, Kinds.AUTHORISED_STOP -> "Point";
                    default -> "Polygon";
                };
        if (!expected.equals(geometryType)) {
            problems.add(new FieldProblem(at + "geometry.type", "must be " + expected + " for a " + kind));
            return;
        }
        JsonNode coordinates = geometry.get("coordinates");
        String coordinatesAt = at + "geometry.coordinates";
        JsonNode props = properties == null || properties.isNull() ? null : properties;
        switch (kind) {
            case Kinds.CENTRELINE -> {
                if (reading.centreline != null) {
                    problems.add(new FieldProblem(at + "properties.kind", "only one feature may be the centreline"));
                    return;
                }
                reading.centreline = positions(coordinates, coordinatesAt, problems);
                if (props != null) {
                    reading.id = firstString(props, "corridorId", "id");
                    reading.name = string(props.get("name"));
                    reading.width = integer(props.get("widthMeters"), at + "properties.widthMeters", problems);
                    reading.profile = profile(props.get("speedProfile"), at + "properties.speedProfile", problems);
                    reading.rest = rest(props.get("restAllowance"), at + "properties.restAllowance", problems);
                }
                if (reading.id == null) {
                    reading.id = string(feature.get("id"));
                }
            }
            case Kinds.BORDER_POST, Kinds.AUTHORISED_STOP -> {
                PointDraft position = position(coordinates, coordinatesAt, problems);
                PlaceDraft place = new PlaceDraft(
                        props == null ? null : string(props.get("name")),
                        position,
                        props == null
                                ? null
                                : integer(props.get("radiusMeters"), at + "properties.radiusMeters", problems),
                        props == null
                                ? null
                                : integer(props.get("maxStayMinutes"), at + "properties.maxStayMinutes", problems));
                (kind.equals(Kinds.BORDER_POST) ? reading.posts : reading.stops).add(place);
            }
            default -> {
                if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
                    problems.add(new FieldProblem(coordinatesAt, "must be an array of linear rings"));
                    return;
                }
                if (coordinates.size() > 1) {
                    problems.add(new FieldProblem(coordinatesAt, "must have one ring: holes are not supported"));
                    return;
                }
                List<PointDraft> ring = positions(coordinates.get(0), coordinatesAt + "[0]", problems);
                AreaDraft area = new AreaDraft(props == null ? null : string(props.get("name")), ring);
                (kind.equals(Kinds.RESTRICTED_ZONE) ? reading.zones : reading.holes).add(area);
            }
        }
    }

    private static @Nullable List<PointDraft> positions(
            @Nullable JsonNode array, String at, List<FieldProblem> problems) {
        if (array == null || !array.isArray()) {
            problems.add(new FieldProblem(at, "must be an array of positions"));
            return null;
        }
        List<PointDraft> points = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            PointDraft point = position(array.get(i), at + "[" + i + "]", problems);
            if (point == null) {
                return null;
            }
            points.add(point);
        }
        return points;
    }

    /** A position [longitude, latitude (, altitude)]; the altitude is ignored. */
    private static @Nullable PointDraft position(@Nullable JsonNode position, String at, List<FieldProblem> problems) {
        if (position == null
                || !position.isArray()
                || position.size() < 2
                || !position.get(0).isNumber()
                || !position.get(1).isNumber()) {
            problems.add(new FieldProblem(at, "must be a position [longitude, latitude] (RFC 7946, section 3.1.1)"));
            return null;
        }
        return new PointDraft(position.get(1).doubleValue(), position.get(0).doubleValue());
    }

    private static @Nullable List<BandDraft> profile(@Nullable JsonNode node, String at, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            problems.add(new FieldProblem(at, "must be an array of {untilKm, kmh}"));
            return null;
        }
        List<BandDraft> bands = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode band = node.get(i);
            if (!band.isObject()) {
                problems.add(new FieldProblem(at + "[" + i + "]", "must be an object {untilKm, kmh}"));
                continue;
            }
            JsonNode until = band.get("untilKm");
            if (until != null && !until.isNull() && !until.isNumber()) {
                problems.add(new FieldProblem(at + "[" + i + "].untilKm", "must be a number"));
                continue;
            }
            bands.add(new BandDraft(
                    until == null || until.isNull() ? null : until.doubleValue(),
                    integer(band.get("kmh"), at + "[" + i + "].kmh", problems)));
        }
        return bands;
    }

    private static @Nullable RestDraft rest(@Nullable JsonNode node, String at, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(new FieldProblem(at, "must be an object {afterDrivingMinutes, restMinutes}"));
            return null;
        }
        return new RestDraft(
                integer(node.get("afterDrivingMinutes"), at + ".afterDrivingMinutes", problems),
                integer(node.get("restMinutes"), at + ".restMinutes", problems));
    }

    private static @Nullable Integer integer(@Nullable JsonNode node, String at, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.add(new FieldProblem(at, "must be a whole number"));
            return null;
        }
        return node.intValue();
    }

    private static @Nullable String firstString(JsonNode node, String... names) {
        for (String name : names) {
            String value = string(node.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static @Nullable String string(@Nullable JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
