package org.colombier.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.SystemFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Parsers and writers of Dovecot's Maildir files, against samples of what Dovecot writes. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FormatsTest {
    @Test
    void fileNameFieldsAndFlagsParse() {
        MaildirName n = MaildirName.parse("1795567001.M711105P21560.vm,S=108,W=115:2,FRSa,x");
        assertThat(n.base()).isEqualTo("1795567001.M711105P21560.vm,S=108,W=115");
        assertThat(n.size()).isEqualTo(108);
        assertThat(n.virtualSize()).isEqualTo(115);
        assertThat(n.flags()).isEqualTo("FRSa");
        assertThat(n.withFlags("DS").withInfo()).isEqualTo("1795567001.M711105P21560.vm,S=108,W=115:2,DS,x");
        assertThat(MaildirName.parse("1700000000.1_2.host").size()).isEqualTo(-1);
        assertThat(MaildirName.parse("1.M1P1.h,S=12x").size()).isEqualTo(-1);
        assertThat(MaildirName.sortFlags("baSFRa")).isEqualTo("FRSab");
    }

    @Test
    void newFilesAreOrderedBySecondsThenMicrosecondsThenName() {
        List<String> names = new ArrayList<>(List.of("20.M5P1.h", "10.M100P1.h", "10.M99P1.h", "10.M99P1.a"));
        names.sort(MaildirName::compareForUids);
        assertThat(names).containsExactly("10.M99P1.a", "10.M99P1.h", "10.M100P1.h", "20.M5P1.h");
    }

    @Test
    void uidlistVersion3KeepsExtensionsAndUnknownHeaderFields() {
        UidList list = UidList.parse("3 V1795567001 N8 G7a06652a992d066b3854000083ecc375 Xkept\n"
                + "1 :a,S=108,W=115\n"
                + "4 GABC P123 :b\n"
                + "7 :c\n");
        assertThat(list.uidValidity()).isEqualTo(1795567001L);
        assertThat(list.nextUid()).isEqualTo(8);
        assertThat(list.byBase("b").ext('G')).isEqualTo("ABC");
        assertThat(list.byBase("b").ext('P')).isEqualTo("123");
        assertThat(list.needsRewrite()).isFalse();
        assertThat(list.format()).isEqualTo("3 V1795567001 N8 G7a06652a992d066b3854000083ecc375 Xkept\n"
                + "1 :a,S=108,W=115\n4 GABC P123 :b\n7 :c\n");
    }

    @Test
    void uidlistNextUidIsTheLargerOfHeaderAndLastRecord() {
        UidList list = UidList.parse("3 V1 N8 G7a06652a992d066b3854000083ecc375\n1 :a\n8 :b\n");
        assertThat(list.nextUid()).isEqualTo(9);
        assertThat(list.retain(e -> e.uid() == 1).nextUid()).isEqualTo(9);
    }

    @Test
    void brokenUidlistRecordsAreDroppedAndForceARewrite() {
        UidList torn = UidList.parse("3 V1 N3 G7a06652a992d066b3854000083ecc375\n1 :a\n2 :b\n3 :tor");
        assertThat(torn.entries()).hasSize(2);
        assertThat(torn.needsRewrite()).isTrue();
        UidList unordered = UidList.parse("3 V1 N9 G7a06652a992d066b3854000083ecc375\n8 :a\n5 :b\n");
        assertThat(unordered.entries()).extracting(UidList.Entry::uid).containsExactly(8L);
        assertThat(unordered.needsRewrite()).isTrue();
        UidList v1 = UidList.parse("1 1234 10\n3 name:2,S\n");
        assertThat(v1.byBase("name").uid()).isEqualTo(3);
        assertThat(v1.needsRewrite()).isTrue();
        assertThat(UidList.parse("3 V0 N1 G00\n")).isNull();
    }

    @Test
    void keywordLettersFollowTheKeywordsFileAndKeepUnknownLetters(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(KeywordsFile.FILE), "0 $Forwarded\n2 Junk\nbad line\n3 junk\n");
        KeywordsFile kw = KeywordsFile.read(dir);
        Flags f = kw.flags("FSacP");
        assertThat(f.system()).containsExactlyInAnyOrder(SystemFlag.FLAGGED, SystemFlag.SEEN);
        assertThat(f.keywords()).containsExactlyInAnyOrder("$Forwarded", "Junk");
        assertThat(kw.unknownLetters("FSacP")).isEqualTo("P");
        assertThat(kw.letters(new Flags(Set.of(SystemFlag.DRAFT), Set.of("junk", "$forwarded")), "P")).isEqualTo("DPac");
        assertThat(kw.withoutLetter(Set.of("Junk", "Other"))).containsExactly("Other");
    }
}
