package org.openects.server.corridors.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A corridor as a KML 2.2 document (OGC 07-147r2), built and read with the JDK's DOM ({@link Xml}). The Document
 * carries the corridor's name and, in its ExtendedData, its id and version; each part is a Placemark whose
 * ExtendedData names its {@code kind}: the centreline a LineString (with the width, speed profile and rest allowance),
 * border posts and authorised stops Points (radius, longest stay), restricted zones and coverage holes Polygons.
 * Coordinates are {@code longitude,latitude} tuples.
 */
final class KmlFormat {

    static final String NS = "http://www.opengis.net/kml/2.2";

    byte[] write(RouteCorridor corridor) {
        Document document = Xml.newDocument();
        Element kml = document.createElementNS(NS, "kml");
        document.appendChild(kml);
        Element root = Xml.child(kml, NS, "Document", null);
        Xml.child(root, NS, "name", corridor.name());
        data(root, Map.of("corridorId", corridor.id(), "version", Integer.toString(corridor.version())));

        Element line = placemark(root, corridor.name());
        Map<String, String> lineData = new LinkedHashMap<>();
        lineData.put("kind", Kinds.CENTRELINE);
        lineData.put("widthMeters", Integer.toString(corridor.widthMeters()));
        lineData.put("speedProfile", speedProfile(corridor.speedProfile()));
        lineData.put(
                "restAfterDrivingMinutes",
                Integer.toString(corridor.restAllowance().afterDrivingMinutes()));
        lineData.put("restMinutes", Integer.toString(corridor.restAllowance().restMinutes()));
        data(line, lineData);
        Element lineString = Xml.child(line, NS, "LineString", null);
        Xml.child(lineString, NS, "tessellate", "1");
        Xml.child(lineString, NS, "coordinates", coordinates(corridor.centreline()));

        for (BorderPost post : corridor.borderPosts()) {
            Element placemark = placemark(root, post.name());
            data(placemark, Map.of("kind", Kinds.BORDER_POST, "radiusMeters", Integer.toString(post.radiusMeters())));
            point(placemark, post.position());
        }
        for (AuthorisedStop stop : corridor.authorisedStops()) {
            Element placemark = placemark(root, stop.name());
            Map<String, String> stopData = new LinkedHashMap<>();
            stopData.put("kind", Kinds.AUTHORISED_STOP);
            stopData.put("radiusMeters", Integer.toString(stop.radiusMeters()));
            stopData.put("maxStayMinutes", Integer.toString(stop.maxStayMinutes()));
            data(placemark, stopData);
            point(placemark, stop.position());
        }
        polygons(root, corridor.restrictedZones(), Kinds.RESTRICTED_ZONE);
        polygons(root, corridor.coverageHoles(), Kinds.COVERAGE_HOLE);
        return Xml.write(document);
    }

    private static Element placemark(Element parent, String name) {
        Element placemark = Xml.child(parent, NS, "Placemark", null);
        Xml.child(placemark, NS, "name", name);
        return placemark;
    }

    private static void data(Element feature, Map<String, String> values) {
        Element extended = Xml.child(feature, NS, "ExtendedData", null);
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Element data = Xml.child(extended, NS, "Data", null);
            data.setAttribute("name", entry.getKey());
            Xml.child(data, NS, "value", entry.getValue());
        });
    }

    private static void point(Element placemark, Point position) {
        Element point = Xml.child(placemark, NS, "Point", null);
        Xml.child(point, NS, "coordinates", coordinates(List.of(position)));
    }

    private static void polygons(Element root, List<Area> areas, String kind) {
        for (Area area : areas) {
            Element placemark = placemark(root, area.name());
            data(placemark, Map.of("kind", kind));
            Element polygon = Xml.child(placemark, NS, "Polygon", null);
            Element outer = Xml.child(polygon, NS, "outerBoundaryIs", null);
            Element ring = Xml.child(outer, NS, "LinearRing", null);
            Xml.child(ring, NS, "coordinates", coordinates(CorridorRules.counterclockwise(area.ring())));
        }
    }

    /** KML's tuples {@code lon,lat}, separated by spaces. */
    private static String coordinates(List<Point> points) {
        StringBuilder text = new StringBuilder();
        for (Point point : points) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(Xml.decimal(point.longitude())).append(',').append(Xml.decimal(point.latitude()));
        }
        return text.toString();
    }

    /** The speed profile as {@code untilKm:kmh} pairs separated by spaces, the last band's end left empty. */
    static String speedProfile(List<SpeedBand> bands) {
        StringBuilder text = new StringBuilder();
        for (SpeedBand band : bands) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(band.untilKm() == null ? "" : Xml.decimal(band.untilKm()))
                    .append(':')
                    .append(band.kmh());
        }
        return text.toString();
    }

    static @Nullable List<BandDraft> speedProfile(@Nullable String text, String at, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<BandDraft> bands = new ArrayList<>();
        for (String pair : text.trim().split("\\s+")) {
            int colon = pair.indexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException();
                }
                String until = pair.substring(0, colon);
                bands.add(new BandDraft(
                        until.isEmpty() ? null : Double.parseDouble(until),
                        Integer.parseInt(pair.substring(colon + 1))));
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(at, "must be untilKm:kmh pairs separated by spaces, the last as :kmh"));
                return null;
            }
        }
        return bands;
    }

    /**
     * The corridor a KML 2.2 document describes.
     *
     * @throws InvalidFieldException when it is not KML 2.2 or not a corridor, naming where
     */
    CorridorDraft read(byte[] bytes) {
        Document document;
        try {
            document = Xml.parse(bytes);
        } catch (SAXException | IOException e) {
            throw new InvalidFieldException(
                    "document", "is not valid KML: not well-formed XML or it declares a DTD (" + e.getMessage() + ")");
        }
        Element kml = document.getDocumentElement();
        if (!NS.equals(kml.getNamespaceURI()) || !"kml".equals(kml.getLocalName())) {
            throw new InvalidFieldException(
                    "document", "is not valid KML 2.2: the root must be kml in namespace " + NS);
        }
        List<FieldProblem> problems = new ArrayList<>();
        String id = null;
        String name = null;
        Element container = Xml.first(kml, NS, "Document");
        if (container != null) {
            name = Xml.text(container, NS, "name");
            id = data(container).get("corridorId");
        }
        List<PointDraft> centreline = null;
        Integer width = null;
        List<BandDraft> profile = null;
        RestDraft rest = null;
        List<PlaceDraft> posts = new ArrayList<>();
        List<PlaceDraft> stops = new ArrayList<>();
        List<AreaDraft> zones = new ArrayList<>();
        List<AreaDraft> holes = new ArrayList<>();
        NodeList placemarks = kml.getElementsByTagNameNS(NS, "Placemark");
        for (int i = 0; i < placemarks.getLength(); i++) {
            Element placemark = (Element) placemarks.item(i);
            String at = "Placemark[" + i + "]";
            String placeName = Xml.text(placemark, NS, "name");
            Map<String, String> data = data(placemark);
            Element lineString = Xml.first(placemark, NS, "LineString");
            Element point = Xml.first(placemark, NS, "Point");
            Element polygon = Xml.first(placemark, NS, "Polygon");
            String kind = data.get("kind");
            if (kind == null && lineString != null) {
                kind = Kinds.CENTRELINE;
            }
            if (kind == null || !Kinds.ALL.contains(kind)) {
                problems.add(new FieldProblem(at + ".ExtendedData.kind", "must be one of " + Kinds.list()));
                continue;
            }
            switch (kind) {
                case Kinds.CENTRELINE -> {
                    if (lineString == null) {
                        problems.add(new FieldProblem(at, "must hold a LineString for a centreline"));
                    } else if (centreline != null) {
                        problems.add(new FieldProblem(at, "only one Placemark may be the centreline"));
                    } else {
                        centreline = coordinates(Xml.text(lineString, NS, "coordinates"), at + ".LineString", problems);
                        width = integer(data.get("widthMeters"), at + ".ExtendedData.widthMeters", problems);
                        profile = speedProfile(data.get("speedProfile"), at + ".ExtendedData.speedProfile", problems);
                        Integer after = integer(
                                data.get("restAfterDrivingMinutes"),
                                at + ".ExtendedData.restAfterDrivingMinutes",
                                problems);
                        Integer restMinutes =
                                integer(data.get("restMinutes"), at + ".ExtendedData.restMinutes", problems);
                        rest = after == null && restMinutes == null ? null : new RestDraft(after, restMinutes);
                        if (name == null) {
                            name = placeName;
                        }
                    }
                }
                case Kinds.BORDER_POST, Kinds.AUTHORISED_STOP -> {
                    if (point == null) {
                        problems.add(new FieldProblem(at, "must hold a Point for a " + kind));
                        continue;
                    }
                    List<PointDraft> position =
                            coordinates(Xml.text(point, NS, "coordinates"), at + ".Point", problems);
                    PlaceDraft place = new PlaceDraft(
                            placeName,
                            position == null || position.isEmpty() ? null : position.getFirst(),
                            integer(data.get("radiusMeters"), at + ".ExtendedData.radiusMeters", problems),
                            integer(data.get("maxStayMinutes"), at + ".ExtendedData.maxStayMinutes", problems));
                    (kind.equals(Kinds.BORDER_POST) ? posts : stops).add(place);
                }
                default -> {
                    if (polygon == null) {
                        problems.add(new FieldProblem(at, "must hold a Polygon for a " + kind));
                        continue;
                    }
                    if (!Xml.children(polygon, NS, "innerBoundaryIs").isEmpty()) {
                        problems.add(new FieldProblem(
                                at + ".Polygon", "must have no inner boundary: holes are not" + " supported"));
                        continue;
                    }
                    Element outer = Xml.first(polygon, NS, "outerBoundaryIs");
                    Element ring = outer == null ? null : Xml.first(outer, NS, "LinearRing");
                    if (ring == null) {
                        problems.add(new FieldProblem(at + ".Polygon", "must have an outerBoundaryIs LinearRing"));
                        continue;
                    }
                    List<PointDraft> points = coordinates(Xml.text(ring, NS, "coordinates"), at + ".Polygon", problems);
                    (kind.equals(Kinds.RESTRICTED_ZONE) ? zones : holes).add(new AreaDraft(placeName, points));
                }
            }
        }
        if (centreline == null && problems.isEmpty()) {
            problems.add(new FieldProblem("centreline", "must be given: one Placemark with a LineString"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        return new CorridorDraft(id, name, centreline, width, posts, stops, zones, holes, profile, rest);
    }

    /** The feature's own ExtendedData values by name (not those of the features it contains). */
    private static Map<String, String> data(Element feature) {
        Map<String, String> values = new LinkedHashMap<>();
        Element extended = Xml.first(feature, NS, "ExtendedData");
        if (extended != null) {
            for (Element data : Xml.children(extended, NS, "Data")) {
                String value = Xml.text(data, NS, "value");
                if (value != null) {
                    values.put(data.getAttribute("name"), value);
                }
            }
        }
        return values;
    }

    private static @Nullable List<PointDraft> coordinates(
            @Nullable String text, String at, List<FieldProblem> problems) {
        if (text == null) {
            problems.add(new FieldProblem(at + ".coordinates", "must be given"));
            return null;
        }
        List<PointDraft> points = new ArrayList<>();
        for (String tuple : text.trim().split("\\s+")) {
            String[] parts = tuple.split(",");
            try {
                if (parts.length < 2 || parts.length > 3) {
                    throw new NumberFormatException();
                }
                points.add(new PointDraft(Double.parseDouble(parts[1]), Double.parseDouble(parts[0])));
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(
                        at + ".coordinates", "must be longitude,latitude[,altitude] tuples separated by spaces"));
                return null;
            }
        }
        return points;
    }

    private static @Nullable Integer integer(@Nullable String text, String at, List<FieldProblem> problems) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(at, "must be a whole number"));
            return null;
        }
    }
}
