/** Test support: real PostgreSQL databases and MQTT settings for the integration tests. */
@NullMarked
package org.openects.server.support;

import org.jspecify.annotations.NullMarked;
