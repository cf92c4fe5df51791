/** The declarations module's implementation: storage, validation, the API and the seal request approval. */
@NullMarked
package org.openects.server.declarations.internal;

import org.jspecify.annotations.NullMarked;
