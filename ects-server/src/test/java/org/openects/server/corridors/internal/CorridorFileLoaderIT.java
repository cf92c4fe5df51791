package org.openects.server.corridors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.server.corridors.CorridorSummary;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The seed file's rule, on this JVM's database: the shipped file is loaded at start and loading it again adds
 * nothing; a corridor gets a new version from a newer file version only when it changed; a file with a bad corridor
 * stops the load, naming the corridor, the field and the rule, and stores nothing.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CorridorFileLoaderIT extends IntegrationTest {

    @Autowired
    CorridorFileLoader loader;

    @Autowired
    JdbcCorridorLibrary library;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @Test
    void theShippedFileIsLoadedAtStartAndLoadingItAgainAddsNoVersion() {
        RouteCorridor northern = library.find("northern-corridor-msa-mal", null).orElseThrow();
        int versions = library.versions("northern-corridor-msa-mal").size();
        assertThat(library.find("northern-corridor-msa-mal", 1).orElseThrow().createdBy())
                .isEqualTo("system");

        JdbcCorridorLibrary.Load again = loader.load("classpath:reference/corridors.json");

        assertThat(again.added()).isEmpty();
        assertThat(again.unchanged()).contains("northern-corridor-msa-mal");
        assertThat(library.versions("northern-corridor-msa-mal")).hasSize(versions);
        assertThat(library.find("northern-corridor-msa-mal", null).orElseThrow())
                .isEqualTo(northern);
    }

    @Test
    void aNewerFileVersionAddsAVersionOnlyForACorridorThatChanged() throws IOException {
        String id = "test-seed-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

        assertThat(loader.load(file(1, id, 1500)).added()).containsExactly(id + " v1");
        assertThat(loader.load(file(1, id, 1500)).added()).isEmpty();
        assertThat(loader.load(file(2, id, 1500)).added())
                .as("same corridor, newer file")
                .isEmpty();
        assertThat(loader.load(file(3, id, 2500)).added()).containsExactly(id + " v2");
        assertThat(loader.load(file(2, id, 900)).added()).as("an older file").isEmpty();

        assertThat(library.versions(id))
                .extracting(CorridorSummary::widthMeters)
                .containsExactly(1500, 2500);
        assertThat(library.find(id, 1).orElseThrow().widthMeters()).isEqualTo(1500);
        assertThat(jdbc.queryForObject(
                        "SELECT file_version FROM corridor_versions WHERE id = ? AND version = 2", Long.class, id))
                .isEqualTo(3L);
    }

    @Test
    void aFileWithABadCorridorStopsTheLoadAndStoresNothing() throws IOException {
        String id = "test-seed-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

        assertThatThrownBy(() -> loader.load(file(1, id, 10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corridors[0].widthMeters");
        assertThat(library.versions(id)).isEmpty();
    }

    private String file(long version, String id, int width) throws IOException {
        Path path = dir.resolve(id + "-" + version + "-" + width + ".json");
        Files.writeString(path, """
                {"version": %d, "corridors": [{"id": "%s", "name": "Voi - Taveta", "widthMeters": %d,
                  "centreline": [{"latitude": -3.395, "longitude": 38.565}, {"latitude": -3.40, "longitude": 37.68}]}]}
                """.formatted(version, id, width));
        return path.toUri().toString();
    }
}
