package org.colombier.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MailboxPathTest {
    @ParameterizedTest
    @ValueSource(strings = {"..", "a/../b", "a//b", "/abs", "a\u0000b", "a\nb", "~root", "a/./b", "a\\b"})
    void namesThatCouldEscapeTheMailRootAreRefused(String name) {
        assertThatThrownBy(() -> MailboxPath.parse(name, '/'))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.NO_PERMISSION));
    }

    @Test
    void inboxIsCaseInsensitiveAtTheTopOnly() throws Exception {
        assertThat(MailboxPath.parse("inbox", '/').isInbox()).isTrue();
        assertThat(MailboxPath.parse("Work/inbox", '/').levels()).containsExactly("Work", "inbox");
        assertThat(MailboxPath.parse("Inbox/Sub", '/').levels()).containsExactly("INBOX", "Sub");
    }

    @Test
    void rebaseMovesASubtree() throws Exception {
        MailboxPath p = MailboxPath.of(List.of("A", "B", "C"));
        assertThat(p.rebase(MailboxPath.of(List.of("A")), MailboxPath.of(List.of("X", "Y"))).levels())
                .containsExactly("X", "Y", "B", "C");
    }
}
