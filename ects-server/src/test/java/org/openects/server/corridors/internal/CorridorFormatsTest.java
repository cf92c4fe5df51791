package org.openects.server.corridors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.corridors.RouteCorridor.Area;
import org.openects.server.corridors.RouteCorridor.AuthorisedStop;
import org.openects.server.corridors.RouteCorridor.BorderPost;
import org.openects.server.corridors.RouteCorridor.Point;
import org.openects.server.corridors.RouteCorridor.RestAllowance;
import org.openects.server.corridors.RouteCorridor.SpeedBand;
import org.openects.server.shared.InvalidFieldException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three exchange formats on the shipped Northern Corridor and on a small corridor with every kind of part: each
 * export is a document of its standard (checked structurally: RFC 7946's rules for GeoJSON, the namespaces, element
 * order and value forms of KML 2.2 and GPX 1.1), and importing an export gives back the same corridor.
 */
class CorridorFormatsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final CorridorDocuments DOCUMENTS = new CorridorDocuments(JSON);

    /** The shipped seed file's Northern Corridor, checked by the rules. */
    static RouteCorridor northernCorridor() throws IOException {
        try (InputStream in = CorridorFormatsTest.class.getResourceAsStream("/reference/corridors.json")) {
            CorridorFile file = JSON.readValue(in, CorridorFile.class);
            return JdbcCorridorLibrary.stamped(
                    CorridorRules.check(file.corridors().getFirst()),
                    3,
                    java.time.Instant.parse("2026-12-07T10:00:00Z"),
                    "system");
        }
    }

    /** A small corridor with odd values: a clockwise ring (turned), tiny and negative coordinates, three speed bands. */
    static RouteCorridor smallCorridor() {
        return CorridorRules.check(new CorridorDraft(
                "test-small-1",
                "Small <test> & corridor",
                List.of(
                        new CorridorDraft.PointDraft(0.00001, -0.00002),
                        new CorridorDraft.PointDraft(-0.5, 0.123456789012),
                        new CorridorDraft.PointDraft(-1.25, 0.5)),
                750,
                List.of(new CorridorDraft.PlaceDraft("Post A", new CorridorDraft.PointDraft(-1.25, 0.5), 300, null)),
                List.of(new CorridorDraft.PlaceDraft("Stop \"B\"", new CorridorDraft.PointDraft(-0.5, 0.12), 100, 45)),
                List.of(new CorridorDraft.AreaDraft(
                        "Clockwise zone",
                        List.of(
                                new CorridorDraft.PointDraft(0.0, 0.2),
                                new CorridorDraft.PointDraft(0.1, 0.3),
                                new CorridorDraft.PointDraft(0.0, 0.4),
                                new CorridorDraft.PointDraft(0.0, 0.2)))),
                List.of(new CorridorDraft.AreaDraft(
                        "Hole",
                        List.of(
                                new CorridorDraft.PointDraft(-1.0, 0.0),
                                new CorridorDraft.PointDraft(-1.0, 0.1),
                                new CorridorDraft.PointDraft(-0.9, 0.1),
                                new CorridorDraft.PointDraft(-0.9, 0.0),
                                new CorridorDraft.PointDraft(-1.0, 0.0)))),
                List.of(
                        new CorridorDraft.BandDraft(10.5, 30),
                        new CorridorDraft.BandDraft(80.0, 70),
                        new CorridorDraft.BandDraft(null, 40)),
                new CorridorDraft.RestDraft(240, 30)));
    }

    @ParameterizedTest
    @EnumSource(CorridorFormat.class)
    void aCorridorExportedAndImportedAgainIsTheSameCorridor(CorridorFormat format) throws IOException {
        for (RouteCorridor corridor : List.of(northernCorridor(), smallCorridor())) {
            byte[] document = DOCUMENTS.write(corridor, format);

            RouteCorridor again = CorridorRules.check(DOCUMENTS.read(document, format));

            assertSameCorridor(again, corridor);
        }
    }

    @Test
    void theNorthernCorridorRunsFromMombasaToMalabaAlongTheRoad() throws IOException {
        RouteCorridor corridor = northernCorridor();

        assertThat(corridor.centreline()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(corridor.centreline().getFirst()).isEqualTo(new Point(-4.0620, 39.6560));
        assertThat(corridor.centreline().getLast()).isEqualTo(new Point(0.6355, 34.2820));
        // past Nairobi's inland container depot (KENBI100) on the Southern Bypass, within 5 km of it
        assertThat(corridor.centreline()).anySatisfy(point -> assertThat(net.sf.geographiclib.Geodesic.WGS84.Inverse(
                                point.latitude(), point.longitude(), -1.3240, 36.9050)
                        .s12)
                .isLessThan(5_000));
        assertThat(corridor.widthMeters()).isEqualTo(2000);
        assertThat(corridor.borderPosts()).extracting(BorderPost::name).containsExactly("Malaba (Kenya side)");
        assertThat(corridor.authorisedStops()).hasSizeBetween(3, 4);
        assertThat(corridor.restrictedZones()).hasSize(1);
        assertThat(corridor.coverageHoles()).hasSize(1);
        // Mombasa to Malaba is about 930 km by road; the centreline's straight stretches cut the bends a little.
        assertThat(corridor.lengthMeters()).isBetween(820_000.0, 940_000.0);
        assertThat(corridor.estimatedTransitSeconds()).isGreaterThan(corridor.estimatedDrivingSeconds());
    }

    @Test
    void lengthIsGeodesicOnWgs84AndTransitTimeAddsTheRests() {
        RouteCorridor degree = CorridorRules.check(new CorridorDraft(
                "one-degree",
                "One degree along the equator",
                List.of(new CorridorDraft.PointDraft(0.0, 0.0), new CorridorDraft.PointDraft(0.0, 1.0)),
                1000,
                null,
                null,
                null,
                null,
                List.of(new CorridorDraft.BandDraft(50.0, 25), new CorridorDraft.BandDraft(null, 50)),
                new CorridorDraft.RestDraft(60, 30)));

        // One degree of longitude on the WGS 84 equator: a * pi / 180.
        assertThat(degree.lengthMeters()).isCloseTo(6_378_137 * Math.PI / 180, within(1e-6));
        // 50 km at 25 km/h (2 h), 61.32 km at 50 km/h (1.226 h): 3.226 h of driving, three rests of 30 min.
        long driving = degree.estimatedDrivingSeconds();
        assertThat(driving)
                .isCloseTo((long) Math.ceil((2 + (degree.lengthMeters() / 1000 - 50) / 50) * 3600), within(1L));
        assertThat(degree.estimatedTransitSeconds()).isEqualTo(driving + 3 * 30 * 60);
        assertThat(degree.speedProfile()).containsExactly(new SpeedBand(50.0, 25), new SpeedBand(null, 50));
    }

    @Test
    void theDefaultsAreOneBandAt50KmhAndRestAfter270Minutes() {
        RouteCorridor plain = CorridorRules.check(new CorridorDraft(
                "plain",
                "Plain",
                List.of(new CorridorDraft.PointDraft(0.0, 0.0), new CorridorDraft.PointDraft(0.0, 1.0)),
                1000,
                null,
                null,
                null,
                null,
                null,
                null));

        assertThat(plain.speedProfile()).containsExactly(new SpeedBand(null, 50));
        assertThat(plain.restAllowance()).isEqualTo(new RestAllowance(270, 45));
    }

    @Test
    void geoJsonFollowsRfc7946() throws IOException {
        RouteCorridor corridor = northernCorridor();
        JsonNode root = JSON.readTree(DOCUMENTS.write(smallCorridor(), CorridorFormat.GEOJSON));
        JsonNode north = JSON.readTree(DOCUMENTS.write(corridor, CorridorFormat.GEOJSON));

        for (JsonNode document : List.of(root, north)) {
            assertThat(document.get("type").stringValue()).isEqualTo("FeatureCollection");
            List<String> kinds = new ArrayList<>();
            for (JsonNode feature : document.get("features")) {
                assertThat(feature.get("type").stringValue()).isEqualTo("Feature");
                JsonNode geometry = feature.get("geometry");
                kinds.add(feature.get("properties").get("kind").stringValue());
                switch (geometry.get("type").stringValue()) {
                    case "LineString" -> {
                        assertThat(geometry.get("coordinates").size()).isGreaterThanOrEqualTo(2);
                        geometry.get("coordinates").forEach(CorridorFormatsTest::assertLonLat);
                    }
                    case "Point" -> assertLonLat(geometry.get("coordinates"));
                    case "Polygon" -> {
                        JsonNode ring = geometry.get("coordinates").get(0);
                        assertThat(ring.size()).isGreaterThanOrEqualTo(4);
                        ring.forEach(CorridorFormatsTest::assertLonLat);
                        assertThat(ring.get(0)).as("ring closed").isEqualTo(ring.get(ring.size() - 1));
                        assertThat(signedArea(ring))
                                .as("exterior ring counterclockwise")
                                .isPositive();
                    }
                    default -> throw new AssertionError("unexpected geometry " + geometry);
                }
            }
            assertThat(kinds)
                    .contains("centreline", "border-post", "authorised-stop", "restricted-zone", "coverage-hole");
        }
        // [longitude, latitude]: Mombasa's port first.
        JsonNode first =
                north.get("features").get(0).get("geometry").get("coordinates").get(0);
        assertThat(first.get(0).doubleValue()).isEqualTo(39.656);
        assertThat(first.get(1).doubleValue()).isEqualTo(-4.062);
        JsonNode properties = north.get("features").get(0).get("properties");
        assertThat(properties.get("widthMeters").intValue()).isEqualTo(2000);
        assertThat(properties.get("corridorId").stringValue()).isEqualTo("northern-corridor-msa-mal");
        assertThat(properties.get("speedProfile").size()).isEqualTo(4);
    }

    @Test
    void kmlIsAKml22Document() throws Exception {
        Document kml = Xml.parse(DOCUMENTS.write(northernCorridor(), CorridorFormat.KML));

        Element root = kml.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.opengis.net/kml/2.2");
        assertThat(root.getLocalName()).isEqualTo("kml");
        assertThat(allInNamespace(root, "http://www.opengis.net/kml/2.2")).isTrue();
        Element document = Xml.first(root, KmlFormat.NS, "Document");
        assertThat(document).isNotNull();
        // Feature elements in the schema's order: name before ExtendedData before the Placemarks.
        assertThat(childNames(document).subList(0, 2)).containsExactly("name", "ExtendedData");
        List<Element> placemarks = Xml.children(document, KmlFormat.NS, "Placemark");
        assertThat(placemarks).hasSize(1 + 1 + 4 + 1 + 1);
        for (Element placemark : placemarks) {
            List<String> names = childNames(placemark);
            assertThat(names.getFirst()).isEqualTo("name");
            assertThat(names.get(1)).isEqualTo("ExtendedData");
            assertThat(names.get(2)).isIn("LineString", "Point", "Polygon");
        }
        NodeList coordinates = kml.getElementsByTagNameNS(KmlFormat.NS, "coordinates");
        for (int i = 0; i < coordinates.getLength(); i++) {
            for (String tuple : coordinates.item(i).getTextContent().trim().split("\\s+")) {
                assertThat(tuple).matches("-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?");
                String[] lonLat = tuple.split(",");
                assertThat(Double.parseDouble(lonLat[0])).isBetween(-180.0, 180.0);
                assertThat(Double.parseDouble(lonLat[1])).isBetween(-90.0, 90.0);
            }
        }
        assertThat(new String(DOCUMENTS.write(northernCorridor(), CorridorFormat.KML), StandardCharsets.UTF_8))
                .contains("39.656,-4.062");
    }

    @Test
    void gpxIsAGpx11Document() throws Exception {
        Document gpx = Xml.parse(DOCUMENTS.write(northernCorridor(), CorridorFormat.GPX));

        Element root = gpx.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.topografix.com/GPX/1/1");
        assertThat(root.getAttribute("version")).isEqualTo("1.1");
        assertThat(root.getAttribute("creator")).isNotBlank();
        // gpxType's sequence: metadata, wpt*, rte*, trk*, extensions.
        List<String> order = childNames(root);
        assertThat(order.getFirst()).isEqualTo("metadata");
        assertThat(order.getLast()).isEqualTo("extensions");
        assertThat(order.indexOf("rte")).isGreaterThan(order.lastIndexOf("wpt"));
        List<Element> waypoints = Xml.children(root, GpxFormat.NS, "wpt");
        assertThat(waypoints)
                .extracting(w -> Xml.text(w, GpxFormat.NS, "type"))
                .containsExactly(
                        "border-post", "authorised-stop", "authorised-stop", "authorised-stop", "authorised-stop");
        for (Element wpt : waypoints) {
            // wptType's sequence: name before type before extensions.
            assertThat(childNames(wpt)).containsExactly("name", "type", "extensions");
            assertThat(wpt.getAttribute("lat")).matches("-?\\d+(\\.\\d+)?");
        }
        Element rte = Xml.first(root, GpxFormat.NS, "rte");
        assertThat(Xml.children(rte, GpxFormat.NS, "rtept"))
                .hasSize(northernCorridor().centreline().size());
        // Our own elements only inside extensions, in our own namespace.
        NodeList ours = gpx.getElementsByTagNameNS(Kinds.ECTS_NAMESPACE, "*");
        for (int i = 0; i < ours.getLength(); i++) {
            Node ancestor = ours.item(i).getParentNode();
            while (ancestor != null && !"extensions".equals(ancestor.getLocalName())) {
                ancestor = ancestor.getParentNode();
            }
            assertThat(ancestor).as(ours.item(i).getNodeName()).isNotNull();
        }
    }

    @Test
    void xmlWithADoctypeIsRefusedSoNoEntityIsEverExpanded() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="x">
                  <rte><name>&secret;</name><rtept lat="0" lon="0"/><rtept lat="1" lon="1"/></rte>
                </gpx>""";

        for (CorridorFormat format : List.of(CorridorFormat.GPX, CorridorFormat.KML)) {
            assertThatThrownBy(() -> DOCUMENTS.read(xxe.getBytes(StandardCharsets.UTF_8), format))
                    .isInstanceOf(InvalidFieldException.class)
                    .satisfies(e -> assertThat(((InvalidFieldException) e)
                                    .errors()
                                    .getFirst()
                                    .field())
                            .isEqualTo("document"))
                    .hasMessageContaining("DTD");
        }
    }

    static void assertSameCorridor(RouteCorridor actual, RouteCorridor expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.widthMeters()).isEqualTo(expected.widthMeters());
        assertSamePoints(actual.centreline(), expected.centreline());
        assertThat(actual.borderPosts()).hasSameSizeAs(expected.borderPosts());
        for (int i = 0; i < expected.borderPosts().size(); i++) {
            BorderPost a = actual.borderPosts().get(i);
            BorderPost e = expected.borderPosts().get(i);
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.radiusMeters()).isEqualTo(e.radiusMeters());
            assertSamePoints(List.of(a.position()), List.of(e.position()));
        }
        assertThat(actual.authorisedStops()).hasSameSizeAs(expected.authorisedStops());
        for (int i = 0; i < expected.authorisedStops().size(); i++) {
            AuthorisedStop a = actual.authorisedStops().get(i);
            AuthorisedStop e = expected.authorisedStops().get(i);
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.radiusMeters()).isEqualTo(e.radiusMeters());
            assertThat(a.maxStayMinutes()).isEqualTo(e.maxStayMinutes());
            assertSamePoints(List.of(a.position()), List.of(e.position()));
        }
        assertSameAreas(actual.restrictedZones(), expected.restrictedZones());
        assertSameAreas(actual.coverageHoles(), expected.coverageHoles());
        assertThat(actual.speedProfile()).isEqualTo(expected.speedProfile());
        assertThat(actual.restAllowance()).isEqualTo(expected.restAllowance());
    }

    private static void assertSameAreas(List<Area> actual, List<Area> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).name()).isEqualTo(expected.get(i).name());
            assertSamePoints(actual.get(i).ring(), expected.get(i).ring());
        }
    }

    private static void assertSamePoints(List<Point> actual, List<Point> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).latitude()).isCloseTo(expected.get(i).latitude(), within(1e-7));
            assertThat(actual.get(i).longitude()).isCloseTo(expected.get(i).longitude(), within(1e-7));
        }
    }

    private static void assertLonLat(JsonNode position) {
        assertThat(position.size()).isEqualTo(2);
        assertThat(position.get(0).doubleValue()).isBetween(-180.0, 180.0);
        assertThat(position.get(1).doubleValue()).isBetween(-90.0, 90.0);
    }

    private static double signedArea(JsonNode ring) {
        double twice = 0;
        for (int i = 1; i < ring.size(); i++) {
            twice += ring.get(i - 1).get(0).doubleValue() * ring.get(i).get(1).doubleValue()
                    - ring.get(i).get(0).doubleValue() * ring.get(i - 1).get(1).doubleValue();
        }
        return twice / 2;
    }

    private static List<String> childNames(Element element) {
        List<String> names = new ArrayList<>();
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element child) {
                names.add(child.getLocalName());
            }
        }
        return names;
    }

    private static boolean allInNamespace(Element element, String namespace) {
        if (!namespace.equals(element.getNamespaceURI())) {
            return false;
        }
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element child && !allInNamespace(child, namespace)) {
                return false;
            }
        }
        return true;
    }
}
