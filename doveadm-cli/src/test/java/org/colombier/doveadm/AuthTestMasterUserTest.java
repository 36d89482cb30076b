package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.colombier.doveadm.AuthCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code doveadm auth test user*master}: the master passdbs and {@code auth_master_user_separator}, as the server uses them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthTestMasterUserTest {
    @TempDir
    Path dir;

    @Test
    void aMasterPasswordAuthenticatesAsTheLoginUser() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}alicepw::::::\n");
        Path masters = Files.writeString(dir.resolve("masters"), "admin:{PLAIN}adminpw::::::\n");
        String conf = Files.writeString(dir.resolve("dovecot.conf"), """
                ssl = no
                mail_driver = maildir
                mail_path = ~/Maildir
                mail_home = /srv/mail/%%{user}
                auth_master_user_separator = *
                passdb masters {
                  driver = passwd-file
                  passwd_file_path = %s
                  master = yes
                  result_success = continue
                }
                passdb users {
                  driver = passwd-file
                  passwd_file_path = %s
                }
                userdb users {
                  driver = passwd-file
                  passwd_file_path = %s
                }
                """.formatted(masters, users, users)).toString();
        Run ok = AuthCommandsTest.doveadm("", "-c", conf, "auth", "test", "alice*admin", "adminpw");
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).isEqualTo("passdb: alice*admin auth succeeded\nextra fields:\n  user=alice\n");
        assertThat(AuthCommandsTest.doveadm("", "-c", conf, "auth", "test", "alice*admin", "alicepw").status()).isEqualTo(77);
        assertThat(AuthCommandsTest.doveadm("", "-c", conf, "auth", "test", "admin", "adminpw").status()).isEqualTo(77);
    }
}
