package org.openects.server.reference.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
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
 * Loads the customs offices' reference file at start ({@code ects.reference.customs-offices}: a {@code classpath:} or
 * {@code file:} location). A file whose version is not newer than the one loaded last changes nothing; a file that
 * cannot be read or breaks a rule stops the start, naming the office and the rule.
 */
@Component
class CustomsOfficeFileLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CustomsOfficeFileLoader.class);

    private final JdbcCustomsOffices offices;
    private final ResourceLoader resources;
    private final JsonMapper json;
    private final String location;

    CustomsOfficeFileLoader(
            JdbcCustomsOffices offices,
            ResourceLoader resources,
            JsonMapper json,
            @Value("${ects.reference.customs-offices:classpath:reference/customs-offices.json}") String location) {
        this.offices = offices;
        this.resources = resources;
        this.json = json;
        this.location = location;
    }

    @Override
    public void run(ApplicationArguments args) {
        load(location);
    }

    /** Reads the file at {@code fileLocation} and applies it if its version is newer than the one loaded last. */
    JdbcCustomsOffices.Load load(String fileLocation) {
        CustomsOfficeFile file = read(fileLocation);
        Long version = file.version();
        List<OfficeEntry> entries = file.offices();
        if (version == null || version < 1) {
            throw new IllegalStateException(
                    "customs offices file " + fileLocation + ": version must be a number of 1 or more");
        }
        if (entries == null) {
            throw new IllegalStateException("customs offices file " + fileLocation + ": no list of offices");
        }
        JdbcCustomsOffices.Load load;
        try {
            load = offices.load(version, entries, fileLocation);
        } catch (InvalidFieldException e) {
            throw new IllegalStateException("customs offices file " + fileLocation + ": " + e.getMessage(), e);
        }
        if (load.applied()) {
            log.info(
                    "Customs offices file {} version {} loaded (was {}): {} inserted, {} updated, {} kept as an"
                            + " administrator edited them",
                    fileLocation,
                    version,
                    load.previousVersion(),
                    load.inserted(),
                    load.updated(),
                    load.keptAdmin().size());
        } else {
            log.info(
                    "Customs offices file {} version {} is not newer than the loaded version {}: nothing changed",
                    fileLocation,
                    version,
                    load.previousVersion());
        }
        return load;
    }

    private CustomsOfficeFile read(String fileLocation) {
        Resource resource = resources.getResource(fileLocation);
        try (InputStream in = resource.getInputStream()) {
            return json.readValue(in, CustomsOfficeFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the customs offices file " + fileLocation, e);
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "customs offices file " + fileLocation + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
