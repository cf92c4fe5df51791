package org.openects.codec.jointech;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** The field captures of shared/conformance/jointech-frames.txt, copied into the test resources. */
public final class Captures {

    private Captures() {}

    /** Every frame line (comments and blank lines left out), as written. */
    public static List<String> lines() {
        try (InputStream in = Captures.class.getResourceAsStream("jointech-frames.txt")) {
            if (in == null) {
                throw new IllegalStateException("jointech-frames.txt missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a line: hex digits are a binary frame, anything else is text (as the decode command reads). */
    public static byte[] bytes(String line) {
        return line.chars().allMatch(c -> Character.digit(c, 16) >= 0) && line.length() % 2 == 0
                ? HexFormat.of().parseHex(line)
                : line.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static List<String> jt808Lines() {
        return lines().stream().filter(l -> l.startsWith("7e")).toList();
    }

    public static List<String> jointechLines() {
        return lines().stream().filter(l -> !l.startsWith("7e")).toList();
    }
}
