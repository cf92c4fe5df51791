/** The corridors' table, their rules, the GeoJSON, KML and GPX formats, the seed file loader and the API. */
@NullMarked
package org.openects.server.corridors.internal;

import org.jspecify.annotations.NullMarked;
