package org.openects.server.demo;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo mode ({@code ects.demo.*}). The platform uses only {@code enabled}; the fleet's settings are
 * handed to the simulated fleet through the {@code readyFile}.
 *
 * @param enabled the demo accounts, the demo seals re-keyed at each start, the banner (the {@code demo} profile sets it)
 * @param trucks how many e-sealed trucks the simulated fleet drives
 * @param speedup how many times faster than real life they drive (clocks are not compressed)
 * @param maxReportingGapSeconds passed to the fleet in the ready file, for route plans of movements started directly;
 *     the demo's own movements are opened by declarations and take {@code ects.procedure.max-reporting-gap} (20 s in
 *     the demo profile), so that the truck that loses coverage shows its gap and its end in the first minute
 * @param readyFile where the platform writes, once the demo is set up, what the simulated fleet needs to reach it (its
 *     URL, its MQTT broker and topic prefix, the settings above); {@code ./ects demo} gives a fresh one and starts the
 *     fleet when it appears. Unset: no file
 */
@ConfigurationProperties("ects.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("6") int trucks,
        @DefaultValue("40") double speedup,
        @DefaultValue("45") int maxReportingGapSeconds,
        @Nullable Path readyFile) {}
