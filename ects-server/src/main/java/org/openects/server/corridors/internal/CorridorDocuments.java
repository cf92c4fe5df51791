package org.openects.server.corridors.internal;

import org.openects.server.corridors.RouteCorridor;
import org.openects.server.shared.InvalidFieldException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reads corridors from, and writes them to, the documents of each {@link CorridorFormat}. */
@Component
class CorridorDocuments {

    private final JsonMapper json;
    private final GeoJsonFormat geoJson;
    private final KmlFormat kml = new KmlFormat();
    private final GpxFormat gpx = new GpxFormat();

    CorridorDocuments(JsonMapper json) {
        this.json = json;
        this.geoJson = new GeoJsonFormat(json);
    }

    /** The corridor as a document of the format. */
    byte[] write(RouteCorridor corridor, CorridorFormat format) {
        return switch (format) {
            case JSON -> json.writerWithDefaultPrettyPrinter().writeValueAsBytes(CorridorView.of(corridor));
            case GEOJSON -> geoJson.write(corridor);
            case KML -> kml.write(corridor);
            case GPX -> gpx.write(corridor);
        };
    }

    /**
     * What the document says, not yet checked by {@link CorridorRules}.
     *
     * @throws InvalidFieldException when it is not a document of the format, naming where
     */
    CorridorDraft read(byte[] document, CorridorFormat format) {
        return switch (format) {
            case JSON -> {
                try {
                    CorridorDraft draft = json.readValue(document, CorridorDraft.class);
                    if (draft == null) {
                        throw new InvalidFieldException("document", "is empty");
                    }
                    yield draft;
                } catch (JacksonException e) {
                    throw new InvalidFieldException("document", "is not a corridor in JSON: " + e.getOriginalMessage());
                }
            }
            case GEOJSON -> geoJson.read(document);
            case KML -> kml.read(document);
            case GPX -> gpx.read(document);
        };
    }
}
