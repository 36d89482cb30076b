package org.colombier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ServerProcessTest {
    @Test
    void heapUsedSumsTheHeapLinesOfG1AndSerial() {
        String g1 = "12345:\n garbage-first heap   total 262144K, used 10240K [0x0, 0x1)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n"
                + " Metaspace       used 9000K, committed 9300K, reserved 1114112K\n"
                + "  class space    used 900K, committed 1000K, reserved 1048576K\n";
        assertThat(ServerProcess.parseHeapUsed(g1)).isEqualTo(OptionalLong.of(10240));
        String serial = " def new generation   total 9792K, used 5470K [0x0, 0x1, 0x2)\n"
                + "  eden space 8704K,  62% used [0x0, 0x1, 0x2)\n"
                + " tenured generation   total 21888K, used 100K [0x0, 0x1, 0x2)\n";
        assertThat(ServerProcess.parseHeapUsed(serial)).isEqualTo(OptionalLong.of(5570));
        assertThat(ServerProcess.parseHeapUsed("no such command")).isEmpty();
    }

    @Test
    void residentSizeOfThisProcessIsFound() throws Exception {
        ServerProcess self = ServerProcess.of(ProcessHandle.current().pid());
        assertThat(self.rssKib()).isPositive();
        assertThat(self.pssKib()).isPositive();
        assertThat(ServerProcess.tree(ProcessHandle.current().pid()).pids()).contains(ProcessHandle.current().pid());
    }
}
