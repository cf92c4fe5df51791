package org.openects.server.corridors.internal;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.corridors.CorridorSummary;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.identity.CurrentUser;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The route library's API: anyone logged in lists corridors, reads any version and exports it as GeoJSON, KML or
 * GPX; administrators and customs officers import a corridor (a new id, or a new version of an existing one).
 */
@RestController
@RequestMapping("/api/v1/corridors")
class CorridorController {

    /** The largest document an import takes. */
    static final int MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

    private final JdbcCorridorLibrary library;
    private final CorridorDocuments documents;

    CorridorController(JdbcCorridorLibrary library, CorridorDocuments documents) {
        this.library = library;
        this.documents = documents;
    }

    @GetMapping
    List<CorridorSummary> list() {
        return library.list();
    }

    /** A version (the latest when none is named) as JSON, or with {@code format} as a downloadable document. */
    @GetMapping("/{id}")
    ResponseEntity<?> get(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable Integer version,
            @RequestParam(required = false) @Nullable String format) {
        CorridorFormat wanted = null;
        if (format != null) {
            wanted = CorridorFormat.ofParameter(format)
                    .orElseThrow(() -> new InvalidFieldException("format", "must be " + CorridorFormat.names()));
        }
        RouteCorridor corridor = library.find(id, version)
                .orElseThrow(() -> new NotFoundException(
                        version == null ? "no corridor " + id : "no version " + version + " of corridor " + id));
        if (wanted == null) {
            return ResponseEntity.ok(CorridorView.of(corridor));
        }
        String filename = corridor.id() + "-v" + corridor.version() + "." + wanted.extension;
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(wanted.mediaType))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(documents.write(corridor, wanted));
    }

    @GetMapping("/{id}/versions")
    List<CorridorSummary> versions(@PathVariable String id) {
        List<CorridorSummary> versions = library.versions(id);
        if (versions.isEmpty()) {
            throw new NotFoundException("no corridor " + id);
        }
        return versions;
    }

    /**
     * Imports a corridor: our JSON model, or a GeoJSON, KML or GPX document, named by {@code format} or else by the
     * Content-Type. {@code id}, {@code name} and {@code widthMeters} given as parameters take the place of the
     * document's. An id already in the library gets its next version. 201 with the stored version.
     */
    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN', 'OFFICER')")
    ResponseEntity<CorridorView> importCorridor(
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String id,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable Integer widthMeters,
            CurrentUser user) {
        CorridorFormat chosen = format(format, contentType);
        if (body == null || body.length == 0) {
            throw new InvalidFieldException("document", "must not be empty");
        }
        if (body.length > MAX_DOCUMENT_BYTES) {
            throw new InvalidFieldException("document", "must be at most " + MAX_DOCUMENT_BYTES + " bytes");
        }
        CorridorDraft draft = documents.read(body, chosen).overriddenBy(id, name, widthMeters);
        RouteCorridor stored = library.importVersion(CorridorRules.check(draft), chosen, user.username());
        return ResponseEntity.created(URI.create("/api/v1/corridors/" + stored.id() + "?version=" + stored.version()))
                .body(CorridorView.of(stored));
    }

    private static CorridorFormat format(@Nullable String parameter, @Nullable String contentType) {
        if (parameter != null) {
            return CorridorFormat.ofParameter(parameter)
                    .orElseThrow(() -> new InvalidFieldException("format", "must be " + CorridorFormat.names()));
        }
        MediaType type = null;
        if (contentType != null) {
            try {
                type = MediaType.parseMediaType(contentType);
            } catch (IllegalArgumentException e) {
                type = null;
            }
        }
        return CorridorFormat.ofMediaType(type)
                .orElseThrow(() -> new InvalidFieldException(
                        "format",
                        "must be " + CorridorFormat.names() + ": give ?format= or a Content-Type of application/json,"
                                + " application/geo+json, application/vnd.google-earth.kml+xml or"
                                + " application/gpx+xml"));
    }
}
