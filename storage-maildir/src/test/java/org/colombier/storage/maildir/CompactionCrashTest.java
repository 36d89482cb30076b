package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a JVM whose STOREs make the index compact every few commands, killed the moment a
 * compaction's {@code colombier.index.tmp} is seen (or after a while): on reopen every message
 * keeps its UID, and has the flags of the last acknowledged STORE or of the one in flight, exactly
 * as its file name says.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CompactionCrashTest {
    private static final int MESSAGES = 1_500;
    private static final SystemFlag[] BITS = {SystemFlag.SEEN, SystemFlag.ANSWERED, SystemFlag.FLAGGED, SystemFlag.DRAFT};

    @TempDir
    Path home;

    /** The flags round {@code round} of the child stores: its number's low four bits. */
    static Flags flagsOfRound(long round) {
        Set<SystemFlag> set = EnumSet.noneOf(SystemFlag.class);
        for (int b = 0; b < BITS.length; b++) {
            if ((round >> b & 1) != 0) {
                set.add(BITS[b]);
            }
        }
        return new Flags(set, Set.of());
    }

    @Test
    void killedWhileCompactingTheIndexKeepsUidsAndAcknowledgedFlags() throws Exception {
        Path maildir = home.resolve("Maildir");
        try (MaildirStore store = new MaildirStore(new MailStoreSettings("maildir", "never", Map.of()));
             UserMailboxes u = MaildirFixture.user(store, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
            for (int i = 0; i < MESSAGES; i++) {
                inbox.append(AppendRequest.of(MaildirFixture.message("m" + i)));
            }
        }
        Map<String, Long> uidByBase = uidsByBase(maildir);
        long round = 0;
        int caughtCompacting = 0;
        for (int kill = 0; kill < 3; kill++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreLoop.class.getName(), maildir.toString(), String.valueOf(round + 1))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            AtomicLong acknowledged = new AtomicLong(round);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        acknowledged.set(Long.parseLong(line.trim()));
                    }
                } catch (Exception e) {
                    // the child was killed: what was read is what was acknowledged
                }
            });
            reader.start();
            Path tmp = maildir.resolve(MailboxIndex.FILE + ".tmp");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            // a .tmp left by the previous kill goes away with the next finished compaction; then wait for a new one
            boolean leftoverGone = !Files.exists(tmp);
            boolean compacting = false;
            while (System.nanoTime() < deadline && !compacting) {
                boolean exists = Files.exists(tmp);
                leftoverGone |= !exists;
                compacting = leftoverGone && exists && acknowledged.get() > round + 2;
                Thread.onSpinWait();
            }
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            caughtCompacting += compacting ? 1 : 0;
            long done = acknowledged.get();
            assertThat(done).as("the child acknowledged STOREs").isGreaterThan(round);

            try (MaildirStore store = MaildirFixture.store(); UserMailboxes u = MaildirFixture.user(store, maildir);
                 Mailbox inbox = u.open(MailboxPath.INBOX)) {
                List<MessageInfo> all = inbox.messages(UidSet.all());
                assertThat(all).hasSize(MESSAGES);
                assertThat(inbox.status().uidNext()).isEqualTo(MESSAGES + 1);
                Map<String, Long> now = uidsByBase(maildir);
                assertThat(now).isEqualTo(uidByBase);
                Map<Long, Flags> onDisk = flagsFromFileNames(maildir, now);
                for (MessageInfo m : all) {
                    assertThat(m.flags()).as("UID %d: index agrees with its file name", m.uid()).isEqualTo(onDisk.get(m.uid()));
                    assertThat(m.flags()).as("UID %d: acknowledged round %d or the next", m.uid(), done)
                            .isIn(flagsOfRound(done), flagsOfRound(done + 1));
                }
            }
            round = done + 1; // the round in flight may have been half applied; the next child goes on after it
        }
        System.out.println("CompactionCrashTest: " + caughtCompacting + " of 3 kills landed while colombier.index.tmp existed");
    }

    private static Map<String, Long> uidsByBase(Path maildir) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (UidList.Entry e : UidList.read(maildir.resolve(UidList.FILE)).entries()) {
            out.put(e.base(), e.uid());
        }
        return out;
    }

    private static Map<Long, Flags> flagsFromFileNames(Path maildir, Map<String, Long> uidByBase) throws Exception {
        Map<Long, Flags> out = new HashMap<>();
        for (String sub : List.of("new", "cur")) {
            try (var files = Files.list(maildir.resolve(sub))) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    MaildirName name = MaildirName.parse(p.getFileName().toString());
                    Set<SystemFlag> set = EnumSet.noneOf(SystemFlag.class);
                    for (char c : name.flags().toCharArray()) {
                        switch (c) {
                            case 'S' -> set.add(SystemFlag.SEEN);
                            case 'R' -> set.add(SystemFlag.ANSWERED);
                            case 'F' -> set.add(SystemFlag.FLAGGED);
                            case 'D' -> set.add(SystemFlag.DRAFT);
                            default -> {
                                // no other letters are set by the child
                            }
                        }
                    }
                    out.put(uidByBase.get(name.base()), new Flags(set, Set.of()));
                }
            }
        }
        return out;
    }

    /** The child: from round {@code args[1]} on, replaces every message's flags with {@link #flagsOfRound}, printing each round done. */
    public static final class StoreLoop {
        private StoreLoop() {
        }

        public static void main(String[] args) throws Exception {
            Path maildir = Path.of(args[0]);
            try (MaildirStore store = new MaildirStore(new MailStoreSettings("maildir", "optimized", Map.of()));
                 UserMailboxes u = MaildirFixture.user(store, maildir); Mailbox inbox = u.open(MailboxPath.INBOX)) {
                for (long round = Long.parseLong(args[1]); ; round++) {
                    inbox.updateFlags(UidSet.all(), FlagUpdate.replace(flagsOfRound(round)), OptionalLong.empty());
                    System.out.println(round);
                    System.out.flush();
                }
            }
        }
    }
}
