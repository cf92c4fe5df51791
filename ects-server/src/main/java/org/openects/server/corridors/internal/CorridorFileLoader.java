package org.openects.server.corridors.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the corridors' seed file at start ({@code ects.reference.corridors}: a {@code classpath:} or {@code file:}
 * location). Loading the same file again adds no version; a file that cannot be read or has a corridor that breaks a
 * rule stops the start, naming the corridor, the field and the rule.
 */
@Component
class CorridorFileLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CorridorFileLoader.class);

    private final JdbcCorridorLibrary library;
    private final ResourceLoader resources;
    private final JsonMapper json;
    private final String location;

    CorridorFileLoader(
            JdbcCorridorLibrary library,
            ResourceLoader resources,
            JsonMapper json,
            @Value("${ects.reference.corridors:classpath:reference/corridors.json}") String location) {
        this.library = library;
        this.resources = resources;
        this.json = json;
        this.location = location;
    }

    @Override
    public void run(ApplicationArguments args) {
        load(location);
    }

    /** Reads the file at {@code fileLocation} and adds the versions it brings. */
    JdbcCorridorLibrary.Load load(String fileLocation) {
        CorridorFile file = read(fileLocation);
        Long version = file.version();
        if (version == null || version < 1) {
            throw new IllegalStateException(
                    "corridors file " + fileLocation + ": version must be a number of 1 or more");
        }
        if (file.corridors() == null) {
            throw new IllegalStateException("corridors file " + fileLocation + ": no list of corridors");
        }
        List<RouteCorridor> corridors = new ArrayList<>();
        for (int i = 0; i < file.corridors().size(); i++) {
            try {
                corridors.add(CorridorRules.check(file.corridors().get(i)));
            } catch (InvalidFieldException e) {
                String prefix = "corridors[" + i + "].";
                throw new IllegalStateException(
                        "corridors file " + fileLocation + ": "
                                + String.join(
                                        "; ",
                                        e.errors().stream()
                                                .map((FieldProblem p) -> prefix + p.field() + " " + p.message())
                                                .toList()),
                        e);
            }
        }
        JdbcCorridorLibrary.Load load = library.loadFile(version, corridors, fileLocation);
        log.info(
                "Corridors file {} version {}: new versions {}, unchanged {}",
                fileLocation,
                version,
                load.added(),
                load.unchanged());
        return load;
    }

    private CorridorFile read(String fileLocation) {
        Resource resource = resources.getResource(fileLocation);
        try (InputStream in = resource.getInputStream()) {
            return json.readValue(in, CorridorFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corridors file " + fileLocation, e);
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "corridors file " + fileLocation + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
