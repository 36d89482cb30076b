package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.colombier.storage.maildir.MaildirFixture.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A mailbox state kept after its last session closed: reused, kept fresh, bounded, and closed with the store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleMailboxTest {
    @TempDir
    Path home;

    private Path maildir() {
        return home.resolve("Maildir");
    }

    private static void append(UserMailboxes u, MailboxPath path, int count) throws Exception {
        try (Mailbox box = u.open(path)) {
            for (int i = 0; i < count; i++) {
                box.append(new AppendRequest(message("m" + i), Flags.NONE, null, true));
            }
        }
    }

    private static MailboxPath path(String name) throws Exception {
        return MailboxPath.of(List.of(name));
    }

    private static Map<Long, Flags> flagsByUid(List<MessageInfo> messages) {
        return messages.stream().collect(Collectors.toMap(MessageInfo::uid, MessageInfo::flags));
    }

    /**
     * Another process: a JVM that appends a message and flags UID 1 with its own store (it only
     * reads the index, whose lock our idle state holds), then exits.
     */
    public static void main(String[] args) throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, Path.of(args[0]));
             Mailbox box = u.open(MailboxPath.INBOX)) {
            box.append(new AppendRequest(message("from elsewhere"), Flags.NONE, null, true));
            box.updateFlags(UidSet.of(1), FlagUpdate.add(Flags.of(SystemFlag.FLAGGED)), OptionalLong.empty());
        }
    }

    @Test
    void aReopenedIdleStateSeesAnotherProcesssAppendAndFlagChange() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 2);
            assertThat(store.idleMailboxes()).isEqualTo(1);
            long loads = store.mailboxLoads();

            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), IdleMailboxTest.class.getName(), maildir().toString())
                    .inheritIO().start();
            assertThat(other.waitFor(50, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).isZero();

            try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                assertThat(store.mailboxLoads()).as("the idle state is reused, not loaded again").isEqualTo(loads);
                Map<Long, Flags> flags = flagsByUid(inbox.messages(UidSet.all()));
                assertThat(flags).containsOnlyKeys(1L, 2L, 3L);
                assertThat(flags.get(1L).has(SystemFlag.FLAGGED)).isTrue();
                assertThat(inbox.status().uidNext()).isEqualTo(4);
            }
        }
    }

    @Test
    void aReopenedIdleStateSeesRawRenamesDeletesAndDeliveries() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 3);
            long loads = store.mailboxLoads();

            // Dovecot's stand-in: flags by a rename into cur/, an expunge by unlink, a delivery into new/
            try (var files = Files.list(maildir().resolve("new"))) {
                List<Path> news = files.sorted().toList();
                Files.move(news.get(0), maildir().resolve("cur").resolve(news.get(0).getFileName() + ":2,S"));
                Files.delete(news.get(1));
            }
            Files.write(maildir().resolve("new").resolve("1700000000.M1P1.elsewhere,S=20"),
                    "Subject: raw\r\n\r\nraw\r\n".getBytes(StandardCharsets.US_ASCII));

            try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                assertThat(store.mailboxLoads()).isEqualTo(loads);
                Map<Long, Flags> flags = flagsByUid(inbox.messages(UidSet.all()));
                assertThat(flags).containsOnlyKeys(1L, 3L, 4L);
                assertThat(flags.get(1L)).isEqualTo(Flags.of(SystemFlag.SEEN));
            }
        }
    }

    @Test
    void aReplacedIndexFileIsReadAgainNotTrusted() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 2);
            long loads = store.mailboxLoads();
            u.forceResync(MailboxPath.INBOX); // allowed while idle: the idle state is closed first
            try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                assertThat(store.mailboxLoads()).isEqualTo(loads + 1);
                assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactly(1L, 2L);
            }
        }
    }

    @Test
    void anIndexDeletedByHandWhileIdleIsRebuiltNotTrusted() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 2);
            try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                inbox.cache(1, "envelope", new byte[] {7});
            }
            long loads = store.mailboxLoads();
            Files.delete(maildir().resolve(MailboxIndex.FILE));
            try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                assertThat(store.mailboxLoads()).isEqualTo(loads + 1);
                assertThat(inbox.messages(UidSet.all())).extracting(MessageInfo::uid).containsExactly(1L, 2L);
                assertThat(inbox.cached(1, "envelope")).isEmpty();
            }
            assertThat(Files.exists(maildir().resolve(MailboxIndex.FILE))).isTrue();
        }
    }

    @Test
    void anIdleStateGivesTheIndexUpToAnotherStoreOfThisJvm() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 1);
            assertThat(store.idleMailboxes()).isEqualTo(1);
            try (MaildirStore other = MaildirFixture.store(); UserMailboxes ou = MaildirFixture.user(other, maildir())) {
                try (Mailbox box = ou.open(MailboxPath.INBOX)) {
                    box.cache(1, "envelope", new byte[] {4, 2});
                    assertThat(box.cached(1, "envelope")).as("the other store writes the index").isPresent();
                }
                long loads = store.mailboxLoads();
                try (Mailbox inbox = u.open(MailboxPath.INBOX)) {
                    assertThat(store.mailboxLoads()).as("the state that gave the index up is loaded again").isEqualTo(loads + 1);
                    assertThat(inbox.cached(1, "envelope")).hasValueSatisfying(v -> assertThat(v).containsExactly(4, 2));
                }
            }
        }
    }

    @Test
    void aBadIdleOptionIsRefusedClearly() {
        assertThatThrownBy(() -> MaildirFixture.store(Map.of("idle_mailboxes", "many")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e).hasMessageContaining("idle_mailboxes"));
    }

    @Test
    void onlyTheMostRecentlyUsedMailboxesAreKept() throws Exception {
        try (MaildirStore store = MaildirFixture.store(Map.of("idle_mailboxes", "2"));
             UserMailboxes u = MaildirFixture.user(store, maildir())) {
            List<MailboxPath> boxes = List.of(path("A"), path("B"), path("C"));
            for (MailboxPath p : boxes) {
                u.create(p);
                append(u, p, 1);
            }
            assertThat(store.idleMailboxes()).isEqualTo(2);
            long loads = store.mailboxLoads();
            u.open(path("C")).close();
            u.open(path("B")).close();
            assertThat(store.mailboxLoads()).as("B and C were kept").isEqualTo(loads);
            u.open(path("A")).close();
            assertThat(store.mailboxLoads()).as("A, least recently used, was closed").isEqualTo(loads + 1);
            u.open(path("C")).close();
            assertThat(store.mailboxLoads()).as("C went out when A came back").isEqualTo(loads + 2);
        }
    }

    @Test
    void keptMessagesAreBounded() throws Exception {
        try (MaildirStore store = MaildirFixture.store(Map.of("idle_messages", "3"));
             UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 4);
            assertThat(store.idleMailboxes()).isZero();
        }
    }

    @Test
    void idleStatesExpire() throws Exception {
        try (MaildirStore store = MaildirFixture.store(Map.of("idle_seconds", "1"));
             UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 1);
            assertThat(store.idleMailboxes()).isEqualTo(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.idleMailboxes() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(store.idleMailboxes()).as("closed by the expiry without any call").isZero();
            long loads = store.mailboxLoads();
            u.open(MailboxPath.INBOX).close();
            assertThat(store.mailboxLoads()).isEqualTo(loads + 1);
        }
    }

    @Test
    void closingTheStoreClosesIdleStatesAndFreesTheIndex() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir())) {
            append(u, MailboxPath.INBOX, 1);
            assertThat(store.idleMailboxes()).isEqualTo(1);
        }
        // the index is free again: a new store writes it, so it keeps cached values
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            inbox.cache(1, "envelope", new byte[] {1, 2, 3});
            assertThat(inbox.cached(1, "envelope")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        }
    }

    @Test
    void aSessionInUseStillRefusesForceResync() throws Exception {
        try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir());
             Mailbox inbox = u.open(MailboxPath.INBOX)) {
            assertThatThrownBy(() -> u.forceResync(MailboxPath.INBOX))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.IN_USE));
            assertThat(inbox.status().messages()).isZero();
        }
    }
}
