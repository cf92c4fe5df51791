package org.openects.server.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The demo organisations and one account per role except {@link Role#ADMIN}, with fixed, published passwords. Only the
 * demo mode calls {@link #ensure()}; never in production, since anyone can read these passwords.
 */
@Component
public class DemoAccounts {

    /** The demo customs administration. */
    public static final String CUSTOMS = "Kenya Revenue Authority";

    /** The demo trader. */
    public static final String TRADER = "Acme Trading Ltd";

    /** The demo haulier. */
    public static final String TRANSPORTER = "Rift Valley Hauliers Ltd";

    /** The demo seal provider. */
    public static final String SEAL_PROVIDER = "SecureSeal Ltd";

    private record Spec(String username, String password, Role role, String organisation, OrganisationType type) {}

    private static final List<Spec> SPECS = List.of(
            new Spec("operator", "demo-operator-1", Role.OPERATOR, CUSTOMS, OrganisationType.CUSTOMS),
            new Spec("officer", "demo-officer-1", Role.OFFICER, CUSTOMS, OrganisationType.CUSTOMS),
            new Spec("trader", "demo-trader-1", Role.TRADER, TRADER, OrganisationType.TRADER),
            new Spec("transporter", "demo-transporter-1", Role.TRANSPORTER, TRANSPORTER, OrganisationType.TRANSPORTER),
            new Spec(
                    "sealprovider",
                    "demo-sealprovider-1",
                    Role.SEAL_PROVIDER,
                    SEAL_PROVIDER,
                    OrganisationType.SEAL_PROVIDER),
            new Spec("auditor", "demo-auditor-1", Role.AUDITOR, CUSTOMS, OrganisationType.CUSTOMS),
            new Spec(
                    "customs-system", "demo-customs-system-1", Role.CUSTOMS_SYSTEM, CUSTOMS, OrganisationType.CUSTOMS));

    private final Organisations organisations;
    private final Accounts accounts;

    DemoAccounts(Organisations organisations, Accounts accounts) {
        this.organisations = organisations;
        this.accounts = accounts;
    }

    /**
     * Creates whatever demo organisations and accounts are missing, enables those a start without the demo mode
     * disabled, and lists them all. Existing accounts keep their passwords, so the listed password is only right if
     * nobody changed it.
     */
    public List<DemoAccount> ensure() {
        List<DemoAccount> result = new ArrayList<>(SPECS.size());
        for (Spec spec : SPECS) {
            long organisationId = organisations.ensure(spec.organisation(), spec.type());
            accounts.ensureUser(spec.username(), spec.password(), organisationId, Set.of(spec.role()));
            result.add(new DemoAccount(
                    spec.username(), spec.password(), spec.role(), spec.organisation(), organisationId));
        }
        accounts.enable(usernames(), "a demo account, on a server started in the demo mode");
        return List.copyOf(result);
    }

    /** The usernames of the demo accounts. */
    public static List<String> usernames() {
        return SPECS.stream().map(Spec::username).toList();
    }

    /**
     * Disables every demo account that exists and is enabled (their passwords are published), ending their sessions
     * and tokens: called at every start without the demo mode.
     *
     * @return the usernames it disabled
     */
    public List<String> disableExisting() {
        return accounts.disable(usernames(), "a published demo account, on a server started without the demo mode");
    }
}
