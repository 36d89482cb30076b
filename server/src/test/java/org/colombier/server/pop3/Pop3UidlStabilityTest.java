package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UIDLs are what clients use to know which mail they already have: they must not change across
 * sessions, restarts or an index rebuild, and must be what Dovecot says for the same Maildir, so
 * a client moved between the two servers downloads nothing twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Pop3UidlStabilityTest {
    @TempDir
    Path dir;
    private Pop3Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private List<String> uidls() throws Exception {
        try (Pop3Wire c = fixture.login("alice")) {
            assertThat(c.command("UIDL")).isEqualTo("+OK");
            List<String> lines = c.readLines();
            assertThat(c.command("QUIT")).startsWith("+OK");
            return lines;
        }
    }

    @Test
    void uidlsSurviveSessionsRestartsAndAnIndexRebuild() throws Exception {
        fixture = new Pop3Fixture(dir);
        fixture.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2), Pop3Fixture.message(3));
        fixture.start();
        List<String> first = uidls();
        assertThat(first).hasSize(3);
        assertThat(uidls()).isEqualTo(first);
        fixture.start();
        assertThat(uidls()).as("after a restart").isEqualTo(first);
        fixture.stop();
        try (Stream<Path> files = Files.walk(fixture.maildir("alice"))) {
            List<Path> indexes = files.filter(p -> p.getFileName().toString().equals("colombier.index")).toList();
            assertThat(indexes).isNotEmpty();
            for (Path index : indexes) {
                Files.delete(index);
            }
        }
        fixture.start();
        assertThat(uidls()).as("after the index was rebuilt").isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%08Xu%08Xv", "%v.%u", "%g", "%f-%Xu"})
    void uidlsEqualDovecotsForMailWeStored(String format) throws Exception {
        DovecotPop3.assumePresent();
        fixture = new Pop3Fixture(dir).pop3Setting("pop3_uidl_format", format);
        fixture.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        fixture.start();
        List<String> ours = uidls();
        fixture.stop();
        assertThat(DovecotPop3.uidls(fixture.home("alice"), format)).isEqualTo(ours);
    }

    @Test
    void uidlsEqualDovecotsForMailDovecotNumberedFirst() throws Exception {
        DovecotPop3.assumePresent();
        fixture = new Pop3Fixture(dir);
        Path maildir = fixture.maildir("alice");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        // delivered by an MDA: no uidlist yet, LF line endings, no sizes in the names
        Files.writeString(maildir.resolve("new/1700000001.M1P1.mda"), "Subject: one\n\nfirst\n");
        Files.writeString(maildir.resolve("new/1700000002.M2P1.mda"), "Subject: two\n\n.second\n");
        List<String> dovecot = DovecotPop3.uidls(fixture.home("alice"), UidlFormat.DEFAULT);
        assertThat(dovecot).hasSize(2);
        fixture.start();
        assertThat(uidls()).isEqualTo(dovecot);
        try (Pop3Wire c = fixture.login("alice")) {
            assertThat(c.command("LIST 2")).isEqualTo("+OK 2 " + "Subject: two\r\n\r\n.second\r\n".length());
        }
    }

    @Test
    void aStoredPop3UidlOfMigratedMailWinsLikeInDovecot() throws Exception {
        DovecotPop3.assumePresent();
        fixture = new Pop3Fixture(dir);
        Path maildir = fixture.maildir("alice");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        Files.writeString(maildir.resolve("cur/1700000001.M1P1.old:2,S"), "Subject: migrated\r\n\r\nold\r\n");
        Files.writeString(maildir.resolve("cur/1700000002.M2P1.old:2,"), "Subject: native\r\n\r\nnew\r\n");
        Files.writeString(maildir.resolve("dovecot-uidlist"), "3 V1700000000 N3 G0123456789abcdef0123456789abcdef\n"
                + "1 Pmigrated-uidl-0001 :1700000001.M1P1.old\n2 :1700000002.M2P1.old\n");
        fixture.start();
        List<String> ours = uidls();
        assertThat(ours).containsExactly("1 migrated-uidl-0001", "2 " + String.format("%08x%08x", 2, 1700000000L));
        fixture.stop();
        assertThat(DovecotPop3.uidls(fixture.home("alice"), UidlFormat.DEFAULT)).isEqualTo(ours);
    }
}
