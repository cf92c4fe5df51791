package org.openects.server.reference;

import java.util.List;
import java.util.Optional;

/**
 * The customs offices of the reference data, answered from memory (no database round trip). The copy in memory is
 * replaced after each change this node commits.
 */
public interface CustomsOffices {

    /** The office with this code, if there is one. */
    Optional<CustomsOffice> find(String code);

    /** Every office, ordered by code. */
    List<CustomsOffice> all();
}
