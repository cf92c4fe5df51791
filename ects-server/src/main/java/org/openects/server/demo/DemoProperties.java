package org.openects.server.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo mode ({@code ects.demo.*}).
 *
 * @param enabled seed the demo and run the simulated fleet (the {@code demo} profile sets it)
 * @param trucks how many e-sealed trucks drive
 * @param speedup how many times faster than real life they drive (clocks are not compressed)
 * @param maxReportingGapSeconds the demo movements' maximum reporting gap; the truck that loses coverage gets a shorter
 *     one when this is longer ({@code DemoFleet.maxReportingGap}), so that its gap and its end both show in the first
 *     minute
 */
@ConfigurationProperties("ects.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("6") int trucks,
        @DefaultValue("40") double speedup,
        @DefaultValue("45") int maxReportingGapSeconds) {}
