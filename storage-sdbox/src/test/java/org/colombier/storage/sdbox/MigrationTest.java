package org.colombier.storage.sdbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxCopier;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.api.storage.support.Doveadm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Converting a user from Maildir to sdbox with MailboxCopier keeps what IMAP clients cached. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MigrationTest {
    @TempDir
    Path home;

    private static MailStore open(String driver) throws StoreException {
        return MailStoreProvider.forDriver(driver).open(new MailStoreSettings(driver, "optimized", Map.of()));
    }

    private static AppendRequest message(int i, Flags flags) {
        return new AppendRequest(MessageSource.of(("Subject: " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                flags, Instant.parse("2023-0" + (i % 9 + 1) + "-02T03:04:05Z"), true);
    }

    private static void fill(UserMailboxes user) throws Exception {
        MailboxPath work = MailboxPath.of(List.of("Work", "Projects"));
        user.create(work);
        user.subscribe(work);
        for (MailboxPath p : List.of(MailboxPath.INBOX, work)) {
            try (Mailbox box = user.open(p)) {
                for (int i = 1; i <= 6; i++) {
                    box.append(message(i, new Flags(i % 2 == 0 ? Set.of(SystemFlag.SEEN) : Set.of(), i % 3 == 0 ? Set.of("$Forwarded", "Work") : Set.of())));
                }
                box.updateFlags(UidSet.of(1), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)), OptionalLong.empty());
                box.expunge(UidSet.of(List.of(2L, 6L))); // a gap, and UIDNEXT above the last message
            }
        }
    }

    private static void assertSameMailboxes(UserMailboxes a, UserMailboxes b) throws Exception {
        assertThat(b.subscriptions()).isEqualTo(a.subscriptions());
        for (MailboxPath p : List.of(MailboxPath.INBOX, MailboxPath.of(List.of("Work", "Projects")))) {
            try (Mailbox x = a.open(p); Mailbox y = b.open(p)) {
                MailboxStatus sx = x.status();
                MailboxStatus sy = y.status();
                assertThat(sy.uidValidity()).isEqualTo(sx.uidValidity());
                assertThat(sy.uidNext()).isEqualTo(sx.uidNext());
                assertThat(sy.messages()).isEqualTo(sx.messages());
                List<MessageInfo> mx = x.messages(UidSet.all());
                List<MessageInfo> my = y.messages(UidSet.all());
                assertThat(my).extracting(MessageInfo::uid).isEqualTo(mx.stream().map(MessageInfo::uid).toList());
                for (int i = 0; i < mx.size(); i++) {
                    assertThat(my.get(i).flags()).isEqualTo(mx.get(i).flags());
                    assertThat(my.get(i).internalDate().truncatedTo(ChronoUnit.SECONDS))
                            .isEqualTo(mx.get(i).internalDate().truncatedTo(ChronoUnit.SECONDS));
                    try (InputStream ix = x.openMessage(mx.get(i).uid()); InputStream iy = y.openMessage(my.get(i).uid())) {
                        assertThat(iy.readAllBytes()).isEqualTo(ix.readAllBytes());
                    }
                }
            }
        }
    }

    @Test
    void aMaildirUserCopiedToSdboxKeepsUidValidityUidsFlagsKeywordsDatesAndSubscriptions() throws Exception {
        try (MailStore maildir = open("maildir"); MailStore sdbox = open("sdbox");
             UserMailboxes from = maildir.forUser(new MailUser("alice", home, home.resolve("Maildir"), Map.of()));
             UserMailboxes to = sdbox.forUser(new MailUser("alice", home, home.resolve("sdbox"), Map.of()))) {
            fill(from);
            MailboxCopier.Report report = MailboxCopier.copyUser(from, to);
            assertThat(report.mailboxes()).isEqualTo(3); // INBOX, Work (a real parent) and Work/Projects
            assertThat(report.messages()).isEqualTo(8);
            assertSameMailboxes(from, to);
            try (Mailbox inbox = to.open(MailboxPath.INBOX)) {
                assertThat(inbox.append(message(9, Flags.NONE)).uid()).isEqualTo(7); // continues after the source's UIDNEXT
            }
        }
    }

    @Test
    void anSdboxUserCopiedBackToMaildirKeepsTheSameState() throws Exception {
        try (MailStore maildir = open("maildir"); MailStore sdbox = open("sdbox");
             UserMailboxes from = sdbox.forUser(new MailUser("alice", home, home.resolve("sdbox"), Map.of()));
             UserMailboxes to = maildir.forUser(new MailUser("alice", home, home.resolve("Maildir"), Map.of()))) {
            fill(from);
            MailboxCopier.copyUser(from, to);
            assertSameMailboxes(from, to);
            try (Mailbox inbox = to.open(MailboxPath.INBOX)) {
                assertThat(inbox.append(message(9, Flags.NONE)).uid()).isEqualTo(7);
            }
        }
    }

    @Test
    void copyingIntoAMailboxThatWasAlreadyUsedIsRefused() throws Exception {
        try (MailStore sdbox = open("sdbox");
             UserMailboxes from = sdbox.forUser(new MailUser("a", home, home.resolve("a"), Map.of()));
             UserMailboxes to = sdbox.forUser(new MailUser("b", home, home.resolve("b"), Map.of()))) {
            try (Mailbox src = from.open(MailboxPath.INBOX); Mailbox target = to.open(MailboxPath.INBOX)) {
                src.append(message(1, Flags.NONE));
                target.expunge(UidSet.of(target.append(message(2, Flags.NONE)).uid()));
                assertThatThrownBy(() -> MailboxCopier.copyMailbox(src, target))
                        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.NOT_POSSIBLE));
            }
        }
    }

    @Test
    void dovecotSeesTheConvertedMailboxesAsItSawTheOriginals() throws Exception {
        Doveadm onMaildir = Doveadm.forRoot(home, home.resolve("Maildir"), "maildir:" + home.resolve("Maildir"), "maildir.conf");
        Doveadm onSdbox = SdboxDoveadm.forHome(home);
        try (MailStore maildir = open("maildir"); MailStore sdbox = open("sdbox");
             UserMailboxes from = maildir.forUser(new MailUser("alice", home, home.resolve("Maildir"), Map.of()));
             UserMailboxes to = sdbox.forUser(new MailUser("alice", home, onSdbox.root(), Map.of()))) {
            fill(from);
            MailboxCopier.copyUser(from, to);
        }
        assertSameInDovecot(onMaildir, onSdbox);

        // and back: the sdbox copy converted into a fresh Maildir
        Doveadm onMaildir2 = Doveadm.forRoot(home, home.resolve("Maildir2"), "maildir:" + home.resolve("Maildir2"), "maildir2.conf");
        try (MailStore maildir = open("maildir"); MailStore sdbox = open("sdbox");
             UserMailboxes from = sdbox.forUser(new MailUser("alice", home, onSdbox.root(), Map.of()));
             UserMailboxes to = maildir.forUser(new MailUser("alice", home, home.resolve("Maildir2"), Map.of()))) {
            MailboxCopier.copyUser(from, to);
        }
        assertSameInDovecot(onSdbox, onMaildir2);
    }

    private static void assertSameInDovecot(Doveadm onMaildir, Doveadm onSdbox) throws Exception {
        for (String box : List.of("INBOX", "Work/Projects")) {
            assertThat(onSdbox.uidsAndFlags(box)).isEqualTo(onMaildir.uidsAndFlags(box)).isNotEmpty();
            Map<String, String> a = onMaildir.status(box);
            Map<String, String> b = onSdbox.status(box);
            assertThat(b.get("uidvalidity")).isEqualTo(a.get("uidvalidity"));
            assertThat(b.get("uidnext")).isEqualTo(a.get("uidnext"));
            assertThat(b.get("messages")).isEqualTo(a.get("messages"));
        }
    }
}
