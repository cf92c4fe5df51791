package org.openects.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Modules own their tables: each table the migrations create belongs to one module, and only that module's main
 * sources name it in SQL. Another module reads or changes it through the owner's published interface (or one the owner
 * implements), never with its own SQL. The map below is the one place that says who owns what (docs/architecture.md
 * shows it as a table).
 *
 * <p>The check reads the sources: string literals (text blocks included, adjacent literals joined so that SQL split
 * over several literals is read whole) with a table name after {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE},
 * {@code TABLE}, {@code TRUNCATE} or {@code COPY}, and, in files that use JDBC, a literal that is a table name on its
 * own ({@code new BulkRows(copy, "reports", ...)}, a table name in a constant).
 */
class ModuleTablesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/openects/server");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Which module owns which tables. */
    static final Map<String, Set<String>> OWNERS = Map.ofEntries(
            Map.entry("identity", Set.of("organisations", "users", "user_roles")),
            Map.entry("devices", Set.of("devices", "device_retired_keys")),
            Map.entry(
                    "movements",
                    Set.of("movements", "movement_devices", "movement_transitions", "custody_steps", "custody_photos")),
            Map.entry("ingress", Set.of("raw_messages", "ingress_counts", "legacy_reading_keys")),
            Map.entry("monitoring", Set.of("reports", "movement_events", "alerts", "derivation_watermark")),
            Map.entry(
                    "commands",
                    Set.of(
                            "device_commands",
                            "device_command_counters",
                            "unlock_authorisations",
                            "unauthorised_unlocks")),
            Map.entry("reference", Set.of("customs_offices", "reference_file_versions")),
            Map.entry("corridors", Set.of("corridor_versions")),
            Map.entry("declarations", Set.of("declarations", "seal_requests", "seal_request_devices")),
            Map.entry(
                    "audit",
                    Set.of(
                            "audit_entries",
                            "audit_frames",
                            "audit_checkpoints",
                            "audit_tree_nodes",
                            "audit_tree_size",
                            "audit_truncate_guard",
                            "audit_outbox")),
            // The dead-letter table of every batch writer (shared.Quarantine writes it for all of them).
            Map.entry("shared", Set.of("writer_quarantine")));

    /** Sources allowed to name other modules' tables, by file name (so that they may change package), and why. */
    static final Map<String, String> EXEMPT = Map.of(
            "AuditBenchMain.java",
            "the audit benchmark, a command-line tool: it fills the ingress's and monitoring's tables with a"
                    + " synthetic load to measure the log and its exports",
            "BenchTables.java",
            "the benchmark's stand-in for the monitoring and ingress modules, which do not run in it");

    /** Comments (skipped), text blocks, string literals and char literals (skipped), in the order they come. */
    private static final Pattern TOKEN = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"|'(?:[^'\\\\]|\\\\.)+'",
            Pattern.DOTALL);

    private static final Pattern SQL_TABLE = Pattern.compile(
            "\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|COPY)\\s+(?:ONLY\\s+)?\"?([a-z_][a-z0-9_]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern USES_JDBC = Pattern.compile(
            "import (org\\.springframework\\.jdbc|java\\.sql|javax\\.sql|org\\.openects\\.server\\.shared\\.BulkRows)");

    @Test
    void everyTableTheMigrationsCreateHasOneOwner() {
        Set<String> created = createdTables();
        Map<String, List<String>> ownersOf = new TreeMap<>();
        OWNERS.forEach((module, tables) -> tables.forEach(
                t -> ownersOf.computeIfAbsent(t, k -> new ArrayList<>()).add(module)));

        assertThat(created).as("tables the migrations create").isNotEmpty();
        assertThat(ownersOf.keySet())
                .as("the ownership map names exactly the tables the migrations create")
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(ownersOf)
                .as("each table has one owner")
                .allSatisfy((table, modules) -> assertThat(modules).as(table).hasSize(1));
        assertThat(OWNERS.keySet()).allSatisfy(module -> assertThat(SOURCES.resolve(module))
                .as("module %s", module)
                .isDirectory());
    }

    @Test
    void modulesUseOnlyTheirOwnTablesInSql() {
        Set<String> known = createdTables();
        List<String> violations = new ArrayList<>();
        Set<String> exempted = new TreeSet<>();
        int checked = 0;
        for (Path file : javaSources()) {
            String relative = SOURCES.relativize(file).toString().replace('\\', '/');
            if (EXEMPT.containsKey(file.getFileName().toString())) {
                exempted.add(file.getFileName().toString());
                continue;
            }
            String module = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : "";
            Set<String> own = OWNERS.getOrDefault(module, Set.of());
            for (String table : tablesUsed(read(file), known)) {
                checked++;
                if (!own.contains(table)) {
                    violations.add(relative + " (module " + (module.isEmpty() ? "application" : module)
                            + ") uses table " + table + ", owned by " + ownerOf(table));
                }
            }
        }

        assertThat(checked).as("table references found in the sources").isGreaterThan(20);
        assertThat(exempted).as("every exemption names a source that exists").isEqualTo(EXEMPT.keySet());
        assertThat(violations)
                .as("SQL on another module's table: go through the owner's published interface instead")
                .isEmpty();
    }

    @Test
    void theScanFindsTablesInSqlOfEveryShape() {
        Set<String> known = Set.of("devices", "raw_messages", "reports", "alerts");
        String source = """
                import org.springframework.jdbc.core.JdbcTemplate;
                // SELECT * FROM alerts (a comment, not SQL)
                class X {
                    String a = \"""
                            SELECT id FROM raw_messages m
                            JOIN devices d ON d.device_id = m.claimed_device_id\""";
                    String b = "DELETE FROM " + "reports WHERE id = ?";
                    Object c = new BulkRows(copy, "alerts", "id");
                    String d = "Read from the archive"; // prose: "archive" is no table
                }
                """;

        assertThat(tablesUsed(source, known)).containsExactlyInAnyOrder("raw_messages", "devices", "reports", "alerts");
        assertThat(tablesUsed(source.replace("import org.springframework.jdbc.core.JdbcTemplate;", ""), known))
                .as("a bare table name counts only in files that use JDBC")
                .containsExactlyInAnyOrder("raw_messages", "devices", "reports");
    }

    /** The known tables a source names in SQL. */
    static Set<String> tablesUsed(String source, Set<String> known) {
        boolean jdbc = USES_JDBC.matcher(source).find();
        StringBuilder sql = new StringBuilder();
        Set<String> used = new TreeSet<>();
        Matcher token = TOKEN.matcher(source);
        while (token.find()) {
            String text = token.group(1) != null ? token.group(1) : token.group(2);
            if (text == null) {
                continue; // a comment or a char literal
            }
            sql.append(text).append(' ');
            if (jdbc && known.contains(text.toLowerCase(Locale.ROOT))) {
                used.add(text.toLowerCase(Locale.ROOT));
            }
        }
        Matcher table = SQL_TABLE.matcher(sql);
        while (table.find()) {
            String name = table.group(1).toLowerCase(Locale.ROOT);
            if (known.contains(name)) {
                used.add(name);
            }
        }
        return used;
    }

    private static String ownerOf(String table) {
        return OWNERS.entrySet().stream()
                .filter(e -> e.getValue().contains(table))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("nobody");
    }

    private static Set<String> createdTables() {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            files.filter(f -> f.toString().endsWith(".sql")).forEach(f -> {
                Matcher create = CREATE_TABLE.matcher(read(f));
                while (create.find()) {
                    tables.add(create.group(1).toLowerCase(Locale.ROOT));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    private static List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
