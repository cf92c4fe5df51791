package org.openects.rules;

import java.util.List;

/** The standard list of monitoring rules, in the order they see each report. */
public final class Rules {

    private Rules() {}

    /**
     * The reporting gap first (a resumption precedes what the report reveals), then corridor, arrival and seal. Each
     * call returns new rule instances.
     */
    public static List<Rule> standard() {
        return List.of(new ReportingGapRule(), new CorridorRule(), new ArrivalRule(), new SealRule());
    }
}
