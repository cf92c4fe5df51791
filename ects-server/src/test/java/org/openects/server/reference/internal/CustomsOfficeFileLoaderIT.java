package org.openects.server.reference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.server.reference.CustomsOffice;
import org.openects.server.reference.OfficeRole;
import org.openects.server.reference.OfficeSource;
import org.openects.server.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The reference file's version rule, on this JVM's database: a newer file inserts new offices and updates those still
 * from a file, keeps those an administrator edited; a file of the same or an older version changes nothing; a file
 * with a bad office stops the load and changes nothing.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CustomsOfficeFileLoaderIT extends IntegrationTest {

    @Autowired
    CustomsOfficeFileLoader loader;

    @Autowired
    JdbcCustomsOffices offices;

    @TempDir
    Path dir;

    @Test
    void aNewerFileUpdatesFileOfficesKeepsAdministratorsOnesAndAnOlderOrEqualOneChangesNothing() throws IOException {
        String first = code();
        String edited = code();
        String added = code();
        long loaded = offices.loadedVersion();
        assertThat(loaded).as("the shipped file is loaded at start").isGreaterThanOrEqualTo(1);

        JdbcCustomsOffices.Load one = loader.load(file(
                loaded + 1,
                office(first, "Holili", -3.37, 37.60, 1000),
                office(edited, "Horohoro", -4.63, 39.15, 1000)));

        assertThat(one.applied()).isTrue();
        assertThat(one.previousVersion()).isEqualTo(loaded);
        assertThat(one.inserted()).isEqualTo(2);
        assertThat(offices.find(first)).map(CustomsOffice::source).contains(OfficeSource.FILE);
        assertThat(offices.find(first)).map(CustomsOffice::fileVersion).contains(loaded + 1);
        assertThat(offices.find(first)).map(CustomsOffice::roles).contains(java.util.Set.of(OfficeRole.BORDER));
        offices.put(
                new OfficeEntry(edited, "Horohoro (edited)", "TZ", -4.63, 39.15, 2000, List.of(OfficeRole.BORDER)),
                "admin");

        JdbcCustomsOffices.Load two = loader.load(file(
                loaded + 2,
                office(first, "Holili One Stop Border Post", -3.37, 37.60, 1200),
                office(edited, "Horohoro from the file", -4.63, 39.15, 900),
                office(added, "Sirari", -1.25, 34.47, 1000)));

        assertThat(two.applied()).isTrue();
        assertThat(two.inserted()).isEqualTo(1);
        assertThat(two.updated()).isEqualTo(1);
        assertThat(two.keptAdmin()).containsExactly(edited);
        CustomsOffice updated = offices.find(first).orElseThrow();
        assertThat(updated.name()).isEqualTo("Holili One Stop Border Post");
        assertThat(updated.radiusMeters()).isEqualTo(1200);
        assertThat(updated.fileVersion()).isEqualTo(loaded + 2);
        assertThat(updated.source()).isEqualTo(OfficeSource.FILE);
        CustomsOffice kept = offices.find(edited).orElseThrow();
        assertThat(kept.name()).isEqualTo("Horohoro (edited)");
        assertThat(kept.radiusMeters()).isEqualTo(2000);
        assertThat(kept.source()).isEqualTo(OfficeSource.ADMIN);
        assertThat(offices.find(added)).map(CustomsOffice::name).contains("Sirari");
        assertThat(offices.loadedVersion()).isEqualTo(loaded + 2);

        for (long version : new long[] {loaded + 2, loaded + 1}) {
            JdbcCustomsOffices.Load ignored = loader.load(
                    file(version, office(first, "Not applied", 0, 0, 100), office(code(), "Not inserted", 0, 0, 100)));

            assertThat(ignored.applied()).as("version %d", version).isFalse();
            assertThat(offices.find(first)).map(CustomsOffice::name).contains("Holili One Stop Border Post");
            assertThat(offices.all()).extracting(CustomsOffice::name).doesNotContain("Not inserted");
            assertThat(offices.loadedVersion()).isEqualTo(loaded + 2);
        }
    }

    @Test
    void aFileWithABadOfficeStopsTheLoadAndChangesNothing() throws IOException {
        String good = code();
        long loaded = offices.loadedVersion();
        int before = offices.all().size();

        assertThatThrownBy(() -> loader.load(file(
                        loaded + 1,
                        office(good, "Good", -3.0, 37.0, 1000),
                        office(code(), "Too wide", -3.0, 37.0, 60_000))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("offices[1].radiusMeters");

        assertThat(offices.loadedVersion()).isEqualTo(loaded);
        assertThat(offices.find(good)).isEmpty();
        assertThat(offices.all()).hasSize(before);
        assertThatThrownBy(() -> loader.load(write("{\"offices\": []}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> loader.load(write("{\"version\": 99999, \"offices\": [")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid JSON");
        assertThat(offices.loadedVersion()).isEqualTo(loaded);
    }

    private String file(long version, String... offices) throws IOException {
        return write("{\"version\": " + version + ", \"offices\": [" + String.join(",", offices) + "]}");
    }

    private String write(String json) throws IOException {
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        Files.writeString(file, json);
        return file.toUri().toString();
    }

    private static String office(String code, String name, double latitude, double longitude, int radius) {
        return """
                {"code": "%s", "name": "%s", "country": "TZ", "latitude": %s, "longitude": %s, "radiusMeters": %d,
                 "roles": ["BORDER"]}""".formatted(code, name, latitude, longitude, radius);
    }

    /** A Tanzanian office code no other test uses. */
    private static String code() {
        return "TZ"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase(Locale.ROOT);
    }
}
