package org.colombier.sieve;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.colombier.sieve.store.IncludeResolver;
import org.colombier.sieve.store.MailboxLookup;
import org.colombier.sieve.store.TrackingStore;

/**
 * What the server provides to one evaluation: lookups into the user's world and the settings.
 *
 * @param mailboxes     answers {@code mailboxexists}
 * @param duplicates    state of the {@code duplicate} test (null: the test fails with a runtime error)
 * @param vacation      which senders were answered, per handle (null: vacation never replies)
 * @param includes      finds {@code include}d scripts (null: every include is missing)
 * @param environment   RFC 5183 items the server knows ("domain", "host", "remote-host", "remote-ip", ...);
 *                      "name", "version", "location" and "phase" have defaults
 * @param userAddresses the user's own addresses besides the envelope recipient (vacation "is it for me" check)
 * @param settings      limits and enabled extensions
 * @param clock         "now" for currentdate, vacation and duplicate; its zone is the local zone of date tests
 */
public record SieveContext(MailboxLookup mailboxes, TrackingStore duplicates, TrackingStore vacation,
                           IncludeResolver includes, Map<String, String> environment, List<String> userAddresses,
                           SieveSettings settings, Clock clock) {
    public SieveContext {
        environment = Map.copyOf(environment);
        userAddresses = List.copyOf(userAddresses);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a context; everything but the settings is optional. */
    public static final class Builder {
        private MailboxLookup mailboxes = name -> false;
        private TrackingStore duplicates;
        private TrackingStore vacation;
        private IncludeResolver includes;
        private Map<String, String> environment = Map.of();
        private List<String> userAddresses = List.of();
        private SieveSettings settings = SieveSettings.defaults();
        private Clock clock = Clock.systemDefaultZone();

        public Builder mailboxes(MailboxLookup v) { mailboxes = v; return this; }
        public Builder duplicates(TrackingStore v) { duplicates = v; return this; }
        public Builder vacation(TrackingStore v) { vacation = v; return this; }
        public Builder includes(IncludeResolver v) { includes = v; return this; }
        public Builder environment(Map<String, String> v) { environment = v; return this; }
        public Builder userAddresses(List<String> v) { userAddresses = v; return this; }
        public Builder settings(SieveSettings v) { settings = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public SieveContext build() {
            return new SieveContext(mailboxes, duplicates, vacation, includes, environment, userAddresses, settings, clock);
        }
    }
}
