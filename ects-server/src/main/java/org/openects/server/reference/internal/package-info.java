/** The customs offices' table, its reference file loader and API. */
@NullMarked
package org.openects.server.reference.internal;

import org.jspecify.annotations.NullMarked;
