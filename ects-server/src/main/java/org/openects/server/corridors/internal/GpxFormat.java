package org.openects.server.corridors.internal;

import java.io.IOException;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A corridor as a GPX 1.1 document, built and read with the JDK's DOM ({@link Xml}). The centreline is a route
 * ({@code rte}, read back from a track's segments too); border posts and authorised stops are waypoints whose
 * {@code type} is {@code border-post} or {@code authorised-stop}, their radius and longest stay in the waypoint's
 * extensions. What GPX has no element for goes into extensions in our namespace ({@link Kinds#ECTS_NAMESPACE}): the
 * corridor's id, version, width, speed profile and rest allowance under {@code metadata}, the restricted zones and
 * coverage holes under the document's own {@code extensions}.
 */
final class GpxFormat {

    static final String NS = "http://www.topografix.com/GPX/1/1";
    private static final String ECTS = Kinds.ECTS_NAMESPACE;

    byte[] write(RouteCorridor corridor) {
        Document document = Xml.newDocument();
        Element gpx = document.createElementNS(NS, "gpx");
        gpx.setAttribute("version", "1.1");
        gpx.setAttribute("creator", "OpenECTS");
        gpx.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ects", ECTS);
        document.appendChild(gpx);

        Element metadata = Xml.child(gpx, NS, "metadata", null);
        Xml.child(metadata, NS, "name", corridor.name());
        Element about = Xml.child(Xml.child(metadata, NS, "extensions", null), ECTS, "ects:corridor", null);
        about.setAttribute("id", corridor.id());
        about.setAttribute("version", Integer.toString(corridor.version()));
        about.setAttribute("widthMeters", Integer.toString(corridor.widthMeters()));
        for (SpeedBand band : corridor.speedProfile()) {
            Element speed = Xml.child(about, ECTS, "ects:speedBand", null);
            if (band.untilKm() != null) {
                speed.setAttribute("untilKm", Xml.decimal(band.untilKm()));
            }
            speed.setAttribute("kmh", Integer.toString(band.kmh()));
        }
        Element rest = Xml.child(about, ECTS, "ects:restAllowance", null);
        rest.setAttribute(
                "afterDrivingMinutes", Integer.toString(corridor.restAllowance().afterDrivingMinutes()));
        rest.setAttribute(
                "restMinutes", Integer.toString(corridor.restAllowance().restMinutes()));

        for (BorderPost post : corridor.borderPosts()) {
            Element wpt = waypoint(gpx, post.position(), post.name(), Kinds.BORDER_POST);
            Element extensions = Xml.child(wpt, NS, "extensions", null);
            Xml.child(extensions, ECTS, "ects:radiusMeters", Integer.toString(post.radiusMeters()));
        }
        for (AuthorisedStop stop : corridor.authorisedStops()) {
            Element wpt = waypoint(gpx, stop.position(), stop.name(), Kinds.AUTHORISED_STOP);
            Element extensions = Xml.child(wpt, NS, "extensions", null);
            Xml.child(extensions, ECTS, "ects:radiusMeters", Integer.toString(stop.radiusMeters()));
            Xml.child(extensions, ECTS, "ects:maxStayMinutes", Integer.toString(stop.maxStayMinutes()));
        }

        Element rte = Xml.child(gpx, NS, "rte", null);
        Xml.child(rte, NS, "name", corridor.name());
        for (Point point : corridor.centreline()) {
            located(Xml.child(rte, NS, "rtept", null), point);
        }

        if (!corridor.restrictedZones().isEmpty() || !corridor.coverageHoles().isEmpty()) {
            Element extensions = Xml.child(gpx, NS, "extensions", null);
            zones(extensions, corridor.restrictedZones(), Kinds.RESTRICTED_ZONE);
            zones(extensions, corridor.coverageHoles(), Kinds.COVERAGE_HOLE);
        }
        return Xml.write(document);
    }

    private static Element waypoint(Element gpx, Point position, String name, String type) {
        Element wpt = located(Xml.child(gpx, NS, "wpt", null), position);
        Xml.child(wpt, NS, "name", name);
        Xml.child(wpt, NS, "type", type);
        return wpt;
    }

    private static Element located(Element element, Point point) {
        element.setAttribute("lat", Xml.decimal(point.latitude()));
        element.setAttribute("lon", Xml.decimal(point.longitude()));
        return element;
    }

    private static void zones(Element extensions, List<Area> areas, String kind) {
        for (Area area : areas) {
            Element zone = Xml.child(extensions, ECTS, "ects:area", null);
            zone.setAttribute("kind", kind);
            zone.setAttribute("name", area.name());
            for (Point point : CorridorRules.counterclockwise(area.ring())) {
                located(Xml.child(zone, ECTS, "ects:pt", null), point);
            }
        }
    }

    /**
     * The corridor a GPX 1.1 document describes: the first route, or else the first track's segments, is the
     * centreline.
     *
     * @throws InvalidFieldException when it is not GPX 1.1 or not a corridor, naming where
     */
    CorridorDraft read(byte[] bytes) {
        Document document;
        try {
            document = Xml.parse(bytes);
        } catch (SAXException | IOException e) {
            throw new InvalidFieldException(
                    "document", "is not valid GPX: not well-formed XML or it declares a DTD (" + e.getMessage() + ")");
        }
        Element gpx = document.getDocumentElement();
        if (!NS.equals(gpx.getNamespaceURI()) || !"gpx".equals(gpx.getLocalName())) {
            throw new InvalidFieldException(
                    "document", "is not valid GPX 1.1: the root must be gpx in namespace " + NS);
        }
        List<FieldProblem> problems = new ArrayList<>();
        String id = null;
        String name = null;
        Integer width = null;
        List<BandDraft> profile = null;
        RestDraft rest = null;
        Element metadata = Xml.first(gpx, NS, "metadata");
        if (metadata != null) {
            name = Xml.text(metadata, NS, "name");
            Element extensions = Xml.first(metadata, NS, "extensions");
            Element about = extensions == null ? null : Xml.first(extensions, ECTS, "corridor");
            if (about != null) {
                String at = "metadata.extensions.corridor";
                id = attribute(about, "id");
                width = integer(attribute(about, "widthMeters"), at + ".widthMeters", problems);
                List<Element> bands = Xml.children(about, ECTS, "speedBand");
                if (!bands.isEmpty()) {
                    profile = new ArrayList<>();
                    for (int i = 0; i < bands.size(); i++) {
                        Element band = bands.get(i);
                        String until = attribute(band, "untilKm");
                        profile.add(new BandDraft(
                                until == null ? null : decimal(until, at + ".speedBand[" + i + "].untilKm", problems),
                                integer(attribute(band, "kmh"), at + ".speedBand[" + i + "].kmh", problems)));
                    }
                }
                Element restElement = Xml.first(about, ECTS, "restAllowance");
                if (restElement != null) {
                    rest = new RestDraft(
                            integer(attribute(restElement, "afterDrivingMinutes"), at + ".restAllowance", problems),
                            integer(attribute(restElement, "restMinutes"), at + ".restAllowance", problems));
                }
            }
        }

        List<PlaceDraft> posts = new ArrayList<>();
        List<PlaceDraft> stops = new ArrayList<>();
        List<Element> waypoints = Xml.children(gpx, NS, "wpt");
        for (int i = 0; i < waypoints.size(); i++) {
            Element wpt = waypoints.get(i);
            String at = "wpt[" + i + "]";
            String type = Xml.text(wpt, NS, "type");
            if (!Kinds.BORDER_POST.equals(type) && !Kinds.AUTHORISED_STOP.equals(type)) {
                problems.add(new FieldProblem(
                        at + ".type", "must be " + Kinds.BORDER_POST + " or " + Kinds.AUTHORISED_STOP));
                continue;
            }
            Element extensions = Xml.first(wpt, NS, "extensions");
            PlaceDraft place = new PlaceDraft(
                    Xml.text(wpt, NS, "name"),
                    point(wpt, at, problems),
                    extensions == null
                            ? null
                            : integer(Xml.text(extensions, ECTS, "radiusMeters"), at + ".radiusMeters", problems),
                    extensions == null
                            ? null
                            : integer(Xml.text(extensions, ECTS, "maxStayMinutes"), at + ".maxStayMinutes", problems));
            (type.equals(Kinds.BORDER_POST) ? posts : stops).add(place);
        }

        List<PointDraft> centreline = null;
        Element rte = Xml.first(gpx, NS, "rte");
        if (rte != null) {
            centreline = points(Xml.children(rte, NS, "rtept"), "rte.rtept", problems);
            if (name == null) {
                name = Xml.text(rte, NS, "name");
            }
        } else {
            Element trk = Xml.first(gpx, NS, "trk");
            if (trk != null) {
                List<Element> trackPoints = new ArrayList<>();
                for (Element segment : Xml.children(trk, NS, "trkseg")) {
                    trackPoints.addAll(Xml.children(segment, NS, "trkpt"));
                }
                centreline = points(trackPoints, "trk.trkseg.trkpt", problems);
                if (name == null) {
                    name = Xml.text(trk, NS, "name");
                }
            }
        }

        List<AreaDraft> zones = new ArrayList<>();
        List<AreaDraft> holes = new ArrayList<>();
        Element extensions = Xml.first(gpx, NS, "extensions");
        if (extensions != null) {
            List<Element> areas = Xml.children(extensions, ECTS, "area");
            for (int i = 0; i < areas.size(); i++) {
                Element area = areas.get(i);
                String at = "extensions.area[" + i + "]";
                String kind = attribute(area, "kind");
                if (!Kinds.RESTRICTED_ZONE.equals(kind) && !Kinds.COVERAGE_HOLE.equals(kind)) {
                    problems.add(new FieldProblem(
                            at + ".kind", "must be " + Kinds.RESTRICTED_ZONE + " or " + Kinds.COVERAGE_HOLE));
                    continue;
                }
                AreaDraft draft = new AreaDraft(
                        attribute(area, "name"), points(Xml.children(area, ECTS, "pt"), at + ".pt", problems));
                (kind.equals(Kinds.RESTRICTED_ZONE) ? zones : holes).add(draft);
            }
        }
        if (centreline == null && problems.isEmpty()) {
            problems.add(new FieldProblem("centreline", "must be given: a rte (or a trk) with its points"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        return new CorridorDraft(id, name, centreline, width, posts, stops, zones, holes, profile, rest);
    }

    private static @Nullable List<PointDraft> points(List<Element> elements, String at, List<FieldProblem> problems) {
        List<PointDraft> points = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            PointDraft point = point(elements.get(i), at + "[" + i + "]", problems);
            if (point == null) {
                return null;
            }
            points.add(point);
        }
        return points;
    }

    private static @Nullable PointDraft point(Element element, String at, List<FieldProblem> problems) {
        String lat = attribute(element, "lat");
        String lon = attribute(element, "lon");
        if (lat == null || lon == null) {
            problems.add(new FieldProblem(at, "must have lat and lon attributes"));
            return null;
        }
        Double latitude = decimal(lat, at + ".lat", problems);
        Double longitude = decimal(lon, at + ".lon", problems);
        return latitude == null || longitude == null ? null : new PointDraft(latitude, longitude);
    }

    private static @Nullable String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name).trim() : null;
    }

    /** An {@code xsd:decimal}: digits with an optional sign and point (no exponent, no NaN). */
    private static @Nullable Double decimal(String text, String at, List<FieldProblem> problems) {
        if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            problems.add(new FieldProblem(at, "must be a decimal number"));
            return null;
        }
        return Double.parseDouble(text);
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
