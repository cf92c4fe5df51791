/**
 * Web UI: the server-rendered control-room, movement, device registry, ingress, declarations and seal requests pages,
 * which draw their data from
 * the JSON API with the user's session so that they show exactly what the API authorises.
 */
@ApplicationModule(
        displayName = "Web",
        allowedDependencies = {})
@NullMarked
package org.openects.server.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
