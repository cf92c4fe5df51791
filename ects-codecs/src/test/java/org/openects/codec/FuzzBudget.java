package org.openects.codec;

/**
 * How many seeded mutations the codec fuzz tests run. The test suite runs a bounded number (seconds); a longer run
 * multiplies it: {@code ./mvnw -pl ects-domain,ects-codecs test -Dects.fuzz.scale=100} (documented in
 * docs/protocols/README.md). The seed of each test stays fixed, so a failure is reproducible.
 */
public final class FuzzBudget {

    private FuzzBudget() {}

    /** {@code base} times the {@code ects.fuzz.scale} system property (default 1). */
    public static int mutations(int base) {
        long scaled = (long) base * Long.getLong("ects.fuzz.scale", 1L);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, scaled));
    }
}
