package org.openects.server.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Intention-revealing request bodies for the integration tests. */
public final class Fixtures {

    /** A straight 2 km wide corridor from near Mombasa inland, about 110 km long. */
    public static final List<List<Double>> MOMBASA_INLAND =
            List.of(List.of(-4.05, 39.66), List.of(-3.80, 39.30), List.of(-3.55, 38.95), List.of(-3.40, 38.56));

    private Fixtures() {}

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static Map<String, Object> anESeal(String deviceId) {
        return Map.of("deviceId", deviceId, "kind", "E_SEAL", "sealClass", "H");
    }

    /** A movement on {@link #MOMBASA_INLAND} with a 2 km corridor and a 60 s maximum reporting gap. */
    public static Map<String, Object> aMovement(String reference, long traderOrganisationId, String deviceId) {
        return Map.of(
                "reference", reference,
                "traderOrganisationId", traderOrganisationId,
                "deviceId", deviceId,
                "vehicle", "KDA 123A",
                "routePlan",
                        Map.of(
                                "corridor", Map.of("path", MOMBASA_INLAND, "widthMeters", 2000),
                                "origin",
                                        Map.of(
                                                "name",
                                                "Mombasa port",
                                                "latitude",
                                                -4.05,
                                                "longitude",
                                                39.66,
                                                "radiusMeters",
                                                3000),
                                "destination",
                                        Map.of(
                                                "name",
                                                "Voi",
                                                "latitude",
                                                -3.40,
                                                "longitude",
                                                38.56,
                                                "radiusMeters",
                                                3000),
                                "maxReportingGapSeconds", 60));
    }
}
