package org.colombier.auth.passwdfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.auth.PasswordCheck;
import org.colombier.auth.scheme.PasswordSchemes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PasswdFileTest {
    @TempDir
    Path dir;

    private static AuthRequest request(String user) {
        return new AuthRequest(user, "imap", InetAddress.getLoopbackAddress(), null, true);
    }

    private static DriverSettings settings(String path) {
        return new DriverSettings("passwd-file", "t", Map.of("passwd_file_path", path));
    }

    private void write(Path file, String... lines) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }

    @Test
    void linesParseIntoDovecotFields() {
        PasswdEntry e = PasswdFileParser.parseLine("u@x:{PLAIN}p:1000:1001:Gecos:/home/u:/bin/sh:userdb_mail_path=~/M nologin quota_rule=*:storage=1G");
        assertThat(e.user()).isEqualTo("u@x");
        assertThat(e.password()).isEqualTo("{PLAIN}p");
        assertThat(e.uid()).isEqualTo("1000");
        assertThat(e.gid()).isEqualTo("1001");
        assertThat(e.home()).isEqualTo("/home/u");
        assertThat(e.extraFields()).containsExactly(Map.entry("userdb_mail_path", "~/M"), Map.entry("nologin", ""),
                Map.entry("quota_rule", "*:storage=1G"));
        assertThat(PasswdFileParser.parseLine("short:pw")).isEqualTo(new PasswdEntry("short", "pw", "", "", "", Map.of()));
        assertThat(PasswdFileParser.parseLine("old:abQ9KY.KfrYrc[13]").password()).isEqualTo("{CRYPT}abQ9KY.KfrYrc");
        assertThat(PasswdFileParser.parseLine("old:$1$x$y[34]").password()).isEqualTo("{MD5}$1$x$y");
        assertThat(PasswdFileParser.parse(List.of("# comment", "", "a:1", "a:2", "b:3")).values())
                .extracting(PasswdEntry::password).containsExactly("1", "3");
    }

    @Test
    void perDomainFilesAreChosenByTheUsersDomain() throws Exception {
        write(dir.resolve("domains/example.com/passwd"), "ann@example.com:{PLAIN}one");
        write(dir.resolve("domains/example.org/passwd"), "ann@example.org:{PLAIN}two");
        try (PassDb passDb = new PasswdFilePassDbProvider().create(settings(dir + "/domains/%{user | domain}/passwd"))) {
            assertThat(passDb.verifyPlain(request("ann@example.com"), "one")).isInstanceOf(AuthResult.Ok.class);
            assertThat(passDb.verifyPlain(request("ann@example.org"), "two")).isInstanceOf(AuthResult.Ok.class);
            assertThat(passDb.verifyPlain(request("ann@example.org"), "one"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
            assertThat(passDb.verifyPlain(request("ann@example.net"), "one"))
                    .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        }
    }

    @Test
    void anExpandedPathCannotLeaveItsFixedDirectory() throws Exception {
        // a file the attacker would reach with root@.. if the path escaped /domains/
        write(dir.resolve("passwd"), "root@..:{PLAIN}x", "x@a/../..:{PLAIN}x");
        write(dir.resolve("domains/example.com/passwd"), "ann@example.com:{PLAIN}one");
        try (PassDb passDb = new PasswdFilePassDbProvider().create(settings(dir + "/domains/%{user | domain}passwd"))) {
            assertThat(passDb.verifyPlain(request("root@.."), "x")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
            assertThat(passDb.verifyPlain(request("x@a/../.."), "x")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        }
        try (PassDb passDb = new PasswdFilePassDbProvider().create(settings(dir + "/domains/%{user | domain}/passwd"))) {
            assertThat(passDb.verifyPlain(request("root@.."), "x")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        }
    }

    @Test
    void theFileIsReReadOnlyWhenChangedAndAtMostOncePerSecond() throws Exception {
        Path file = dir.resolve("users");
        write(file, "ann:{PLAIN}old");
        AtomicLong clock = new AtomicLong(0);
        PassDb passDb = new PasswdFilePassDb(new PasswdFiles(settings(file.toString()), clock::get),
                new PasswordCheck(PasswordSchemes.defaults(), "CRYPT", false));
        assertThat(passDb.verifyPlain(request("ann"), "old")).isInstanceOf(AuthResult.Ok.class);

        write(file, "ann:{PLAIN}newer");
        clock.addAndGet(500_000_000L);
        assertThat(passDb.verifyPlain(request("ann"), "old")).as("within the second: not even a stat").isInstanceOf(AuthResult.Ok.class);

        clock.addAndGet(600_000_000L);
        assertThat(passDb.verifyPlain(request("ann"), "newer")).isInstanceOf(AuthResult.Ok.class);
        assertThat(passDb.verifyPlain(request("ann"), "old")).isInstanceOf(AuthResult.Failed.class);

        Files.delete(file);
        clock.addAndGet(2_000_000_000L);
        assertThat(passDb.verifyPlain(request("ann"), "newer")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
    }

    @Test
    void extraFieldsGoToThePassdbResultAndUserdbFieldsToTheUserdb() throws Exception {
        Path file = dir.resolve("users");
        write(file, "ann@example.com:{PLAIN}pw:1000:1000::/srv/ann::userdb_mail_path=~/%{user | username}/Maildir userdb_quota_storage_size=1G allow_nets=127.0.0.1",
                "off:{PLAIN}pw:::::: nologin",
                "open::::::: nopassword",
                "sys:{PLAIN}pw:root:root::/root::",
                "bad:{PLAIN}pw:nosuchuser-xyz:0::/::");
        DriverSettings settings = settings(file.toString());
        try (PassDb passDb = new PasswdFilePassDbProvider().create(settings); UserDb userDb = new PasswdFileUserDbProvider().create(settings)) {
            assertThat(passDb.verifyPlain(request("ann@example.com"), "pw")).isEqualTo(new AuthResult.Ok("ann@example.com",
                    Map.of("userdb_uid", "1000", "userdb_gid", "1000", "userdb_home", "/srv/ann",
                            "userdb_mail_path", "~/ann/Maildir", "userdb_quota_storage_size", "1G", "allow_nets", "127.0.0.1")));
            assertThat(passDb.verifyPlain(request("off"), "pw")).isEqualTo(new AuthResult.Failed(AuthResult.Reason.DISABLED));
            assertThat(passDb.verifyPlain(request("open"), "anything")).isInstanceOf(AuthResult.Ok.class);

            UserRecord ann = ((UserLookup.Found) userDb.lookup("ann@example.com")).user();
            assertThat(ann).isEqualTo(new UserRecord("ann@example.com", "/srv/ann", OptionalInt.of(1000), OptionalInt.of(1000),
                    Map.of("mail_path", "~/ann/Maildir", "quota_storage_size", "1G")));
            UserRecord sys = ((UserLookup.Found) userDb.lookup("sys")).user();
            assertThat(sys.uid()).isEqualTo(OptionalInt.of(0));
            assertThat(sys.gid()).isEqualTo(OptionalInt.of(0));
            assertThat(userDb.lookup("bad")).isInstanceOf(UserLookup.TempFail.class);
            assertThat(userDb.iterate()).containsExactly("ann@example.com", "off", "open", "sys", "bad");
        }
    }
}
