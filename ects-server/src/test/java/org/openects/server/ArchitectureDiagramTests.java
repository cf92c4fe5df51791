package org.openects.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions.DiagramStyle;
import org.springframework.modulith.docs.Documenter.DiagramOptions.ElementsWithoutRelationships;

/**
 * Keeps the module diagram of docs/architecture.md ({@code docs/architecture/modules.puml}) equal to the modules the
 * code has: Spring Modulith's {@link Documenter} draws the application modules and their dependencies, and this test
 * fails when the committed diagram says something else. {@code -Dects.docs.write=true} writes the diagram instead
 * (and renders {@code modules.svg} from it with PlantUML's own layout engine, which needs no Graphviz).
 */
class ArchitectureDiagramTests {

    /** The command that brings the committed diagram up to date, printed when it is not. */
    static final String REGENERATE = "./mvnw -B -q -pl ects-server -am verify -Dtest=ArchitectureDiagramTests -DskipITs"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true -Dects.docs.write=true";

    /** ects-server's directory: Maven's {@code basedir}, else (run from the project's root) {@code ects-server}. */
    private static final Path MODULE = Path.of(
                    System.getProperty("basedir", Files.isDirectory(Path.of("ects-server")) ? "ects-server" : "."))
            .toAbsolutePath()
            .normalize();

    private static final Path DOCS = MODULE.resolveSibling("docs").resolve("architecture");

    @Test
    void theCommittedModuleDiagramIsTheOneTheCodeDraws() throws IOException {
        String drawn = moduleDiagram();
        assertThat(drawn).contains("@startuml").contains("==Ingress").contains("==Web");
        Path committed = DOCS.resolve("modules.puml");
        if (Boolean.getBoolean("ects.docs.write")) {
            Files.createDirectories(DOCS);
            Files.writeString(committed, drawn);
            writeSvg(drawn, DOCS.resolve("modules.svg"));
        }
        String onFile = Files.exists(committed) ? Files.readString(committed) : "";
        assertThat(onFile)
                .as("docs/architecture/modules.puml differs from the modules in the code; regenerate it with: "
                        + REGENERATE)
                .isEqualTo(drawn);
    }

    @Test
    void theDiagramIsWrittenInOneOrderWhateverOrderTheDocumenterUses() {
        String shuffled = String.join(
                "\n",
                "@startuml",
                "skinparam {",
                "  componentStyle uml1",
                "}",
                "rectangle \"S\" {",
                "  component \"b\" as S.b",
                "  component \"a\" as S.a",
                "}",
                "",
                "S.b --> S.a : uses",
                "S.a --> S.c : uses",
                "@enduml",
                "");
        assertThat(canonical(shuffled))
                .isEqualTo(String.join(
                        "\n",
                        "@startuml",
                        "skinparam {",
                        "  componentStyle uml1",
                        "}",
                        "rectangle \"S\" {",
                        "  component \"a\" as S.a",
                        "  component \"b\" as S.b",
                        "}",
                        "",
                        "S.a --> S.c : uses",
                        "S.b --> S.a : uses",
                        "@enduml",
                        ""));
    }

    /** The application modules and their dependencies as PlantUML (component style), in a stable order. */
    static String moduleDiagram() throws IOException {
        Path out = MODULE.resolve("target").resolve("architecture-diagram");
        new Documenter(
                        ApplicationModules.of(EctsApplication.class),
                        Documenter.Options.defaults().withOutputFolder(out.toString()))
                .writeModulesAsPlantUml(DiagramOptions.defaults()
                        .withStyle(DiagramStyle.UML)
                        .withElementsWithoutRelationships(ElementsWithoutRelationships.VISIBLE));
        return canonical(Files.readString(out.resolve("components.puml")));
    }

    /**
     * The diagram with each run of consecutive component declarations, and each run of consecutive relations, sorted,
     * so that the order the documenter happens to list them in does not count as a difference; every other line
     * (styles, blocks, braces) stays where it is.
     */
    static String canonical(String plantUml) {
        List<String> result = new ArrayList<>();
        List<String> run = new ArrayList<>();
        String runKind = "";
        for (String line : plantUml.lines().map(String::stripTrailing).toList()) {
            String kind =
                    line.strip().startsWith("component ") ? "component" : line.contains(" --> ") ? "relation" : "";
            if (!kind.equals(runKind)) {
                result.addAll(run.stream().sorted().toList());
                run.clear();
                runKind = kind;
            }
            if (kind.isEmpty()) {
                result.add(line);
            } else {
                run.add(line);
            }
        }
        result.addAll(run.stream().sorted().toList());
        return String.join("\n", result) + "\n";
    }

    private static void writeSvg(String plantUml, Path svg) throws IOException {
        String withLayout = plantUml.replaceFirst("@startuml\n", "@startuml\n!pragma layout smetana\n");
        try (OutputStream out = Files.newOutputStream(svg)) {
            new SourceStringReader(withLayout).outputImage(out, new FileFormatOption(FileFormat.SVG));
        }
        try (Stream<String> lines = Files.lines(svg, StandardCharsets.UTF_8)) {
            assertThat(lines.findAny()).isPresent();
        }
    }
}
