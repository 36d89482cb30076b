package org.colombier.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actions seam the Sieve interpreter will use: rules return keep / fileinto (flags, create) /
 * discard, and {@link LocalDelivery} applies them to a real Maildir.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeliveryActionsTest {
    @TempDir
    Path dir;
    private MailStore store;
    private final Envelope envelope = new Envelope("s@example.net", "mta.test", InetAddress.getLoopbackAddress(), "sess",
            "tx1", Instant.parse("2026-11-25T04:00:00Z"));
    private final MessageSource message = MessageSource.of(
            "Message-ID: <a@b>\r\nSubject: rules\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

    @BeforeEach
    void open() throws Exception {
        store = MailStoreProvider.forDriver("maildir").open(new MailStoreSettings("maildir", "never", Map.of()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private UserMailboxes mailboxes(UserRecord user) throws StoreException {
        Path home = dir.resolve(user.user());
        return store.forUser(new MailUser(user.user(), home, home.resolve("Maildir"), Map.of()));
    }

    private LocalDelivery delivery(DeliveryRules rules, OptionalLong messageLimit) {
        DeliverySettings settings = new DeliverySettings("mx.test", "+-", false, false, 10, Duration.ofSeconds(1),
                OptionalLong.empty(), messageLimit, "Quota exceeded (mailbox for user is full)");
        return new LocalDelivery(name -> new UserLookup.Found(new UserRecord(name, null, OptionalInt.empty(),
                OptionalInt.empty(), Map.of())), this::mailboxes, rules, settings);
    }

    private List<MessageInfo> messages(String mailbox) throws Exception {
        try (UserMailboxes boxes = mailboxes(new UserRecord("alice@example", null, OptionalInt.empty(), OptionalInt.empty(), Map.of()));
             Mailbox box = boxes.open(MailboxPath.parse(mailbox, '/'))) {
            return box.messages(UidSet.all());
        }
    }

    private Recipient alice(LocalDelivery delivery) {
        return ((RecipientCheck.Accepted) delivery.check("alice-lists@example")).recipient();
    }

    @Test
    void fileintoWithFlagsAndCreateMakesTheMailboxAndKeepAlsoStores() throws Exception {
        MailboxPath lists = MailboxPath.parse("Lists/Java", '/');
        LocalDelivery delivery = delivery((e, r, m) -> List.of(
                new DeliveryAction.FileInto(lists, new Flags(Set.of(SystemFlag.FLAGGED), Set.of("$label1")), true),
                new DeliveryAction.Keep(Flags.of(SystemFlag.SEEN))), OptionalLong.empty());
        Recipient alice = alice(delivery);
        assertThat(alice.detail()).isEqualTo("lists");
        DeliveryResult result = delivery.deliver(envelope, alice, message);
        assertThat(result).isEqualTo(new DeliveryResult.Saved(List.of(lists, MailboxPath.INBOX)));
        MessageInfo filed = messages("Lists/Java").get(0);
        assertThat(filed.flags().has(SystemFlag.FLAGGED)).isTrue();
        assertThat(filed.flags().hasKeyword("$label1")).isTrue();
        assertThat(messages("INBOX").get(0).flags().has(SystemFlag.SEEN)).isTrue();
    }

    @Test
    void fileintoAMissingMailboxWithoutCreateKeepsInInboxAndDiscardStoresNothing() throws Exception {
        MailboxPath nowhere = MailboxPath.parse("Nowhere", '/');
        LocalDelivery filing = delivery((e, r, m) -> List.of(new DeliveryAction.FileInto(nowhere, Flags.NONE, false)),
                OptionalLong.empty());
        assertThat(filing.deliver(envelope, alice(filing), message)).isEqualTo(new DeliveryResult.Saved(List.of(MailboxPath.INBOX)));
        LocalDelivery discarding = delivery((e, r, m) -> List.of(new DeliveryAction.Discard()), OptionalLong.empty());
        assertThat(discarding.deliver(envelope, alice(discarding), message)).isEqualTo(new DeliveryResult.Saved(List.of()));
        assertThat(messages("INBOX")).hasSize(1);
    }

    @Test
    void overQuotaFailsWithOverQuotaAndRulesThatCannotDecideFailTemporarily() throws Exception {
        LocalDelivery limited = delivery(DeliveryRules.KEEP, OptionalLong.of(1));
        assertThat(limited.deliver(envelope, alice(limited), message)).isInstanceOf(DeliveryResult.Saved.class);
        assertThat(limited.deliver(envelope, alice(limited), message))
                .isEqualTo(new DeliveryResult.Failed(StoreError.OVER_QUOTA, "Quota exceeded (mailbox for user is full)"));
        LocalDelivery broken = delivery((e, r, m) -> {
            throw new DeliveryException("script unreadable", null);
        }, OptionalLong.empty());
        assertThat(broken.deliver(envelope, alice(broken), message))
                .isEqualTo(new DeliveryResult.Failed(StoreError.TEMPORARY, "script unreadable"));
    }
}
