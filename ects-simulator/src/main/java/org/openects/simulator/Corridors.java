package org.openects.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openects.domain.GeoPosition;

/** Sample corridors shipped with the simulator, as polylines from origin to destination. */
public final class Corridors {

    private static final String MOMBASA_MALABA = "/corridors/mombasa-malaba.csv";

    private static volatile List<GeoPosition> mombasaMalaba;

    private Corridors() {}

    /**
     * The Northern Corridor from Mombasa port (Kilindini) to the Malaba border post, Kenya (A109, Nairobi Southern
     * Bypass, A104); about 860 km and 400 points, see the resource's header for how it was built. Immutable.
     */
    public static List<GeoPosition> mombasaMalaba() {
        List<GeoPosition> corridor = mombasaMalaba;
        if (corridor == null) {
            corridor = load(MOMBASA_MALABA);
            mombasaMalaba = corridor;
        }
        return corridor;
    }

    /**
     * Loads a corridor from a class path resource of {@code lat,lon} lines; lines starting with {@code #} and a
     * {@code lat,lon} header are skipped.
     *
     * @throws IllegalArgumentException if the resource is missing or a line is not a valid position
     */
    public static List<GeoPosition> load(String resource) {
        InputStream in = Corridors.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no corridor resource " + resource);
        }
        List<GeoPosition> points = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#") || text.equals("lat,lon")) {
                    continue;
                }
                String[] parts = text.split(",");
                try {
                    points.add(GeoPosition.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1])));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(resource + " line " + number + ": not lat,lon: " + text, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(points);
    }
}
