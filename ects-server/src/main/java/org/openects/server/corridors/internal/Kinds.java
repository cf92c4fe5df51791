package org.openects.server.corridors.internal;

import java.util.List;

/** The kinds of feature a corridor document holds, as the {@code kind} property names them in every format. */
final class Kinds {

    static final String CENTRELINE = "centreline";
    static final String BORDER_POST = "border-post";
    static final String AUTHORISED_STOP = "authorised-stop";
    static final String RESTRICTED_ZONE = "restricted-zone";
    static final String COVERAGE_HOLE = "coverage-hole";

    static final List<String> ALL = List.of(CENTRELINE, BORDER_POST, AUTHORISED_STOP, RESTRICTED_ZONE, COVERAGE_HOLE);

    /** Our namespace for what GPX and KML have no element for. */
    static final String ECTS_NAMESPACE = "https://openects.org/xmlns/corridor/1";

    private Kinds() {}

    static String list() {
        return String.join(", ", ALL);
    }
}
