package org.openects.server.identity;

/** What kind of organisation an account belongs to; customs sees across organisations, the others see their own. */
public enum OrganisationType {
    CUSTOMS,
    TRADER,
    TRANSPORTER,
    SEAL_PROVIDER
}
