package org.colombier.api.storage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Dovecot's {@code subscriptions} file, version 2 and the legacy version 1. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SubscriptionsFileTest {
    @TempDir
    Path root;

    @Test
    void subscriptionLevelsAreTabEscaped() {
        String raw = "a\tb\001c\nd\re";
        assertThat(SubscriptionsFile.escape(raw)).isEqualTo("a\001tb\0011c\001nd\001re");
        assertThat(SubscriptionsFile.unescape(SubscriptionsFile.escape(raw))).isEqualTo(raw);
    }

    @Test
    void version2ContentReadsBackAsWritten() throws Exception {
        List<List<String>> names = List.of(List.of("INBOX"), List.of("a\tb", "c"));
        byte[] content = SubscriptionsFile.render(names);
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("V\t2\n\nINBOX\na\001tb\tc\n");
        Files.write(root.resolve(SubscriptionsFile.FILE), content);
        assertThat(SubscriptionsFile.read(root, '/')).isEqualTo(names);
    }

    @Test
    void version1ContentSplitsAtTheListSeparator() throws Exception {
        Files.writeString(root.resolve(SubscriptionsFile.FILE), "INBOX\nwork.2024\n");
        assertThat(SubscriptionsFile.read(root, '.')).containsExactly(List.of("INBOX"), List.of("work", "2024"));
    }

    @Test
    void aMissingFileMeansNoSubscriptions() throws Exception {
        assertThat(SubscriptionsFile.read(root, '/')).isEmpty();
    }
}
