package org.radpost.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 1 on the embedded default: a commit that returned (the moment the data center answers 250) survives the
 * process being killed (kill -9) right after it. Three rounds of commit, kill, reopen on one database.
 */
class EmbeddedDurabilityTest {
    @TempDir
    Path folder;

    @Test
    void everyCommitThatReturnedIsThereAfterAKill() throws Exception {
        Path db = folder.resolve("db");
        long acknowledged = 0;
        for (int round = 0; round < 3; round++) {
            Process child = ChildJvm.start(CommitLoopMain.class, folder.resolve("child-" + round + ".log"), db.toString(), "commit");
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            long target = 150 + 50L * round;
            long seen = 0;
            for (String line; seen < target && (line = out.readLine()) != null; ) {
                if (line.startsWith("committed ")) {
                    seen++;
                }
            }
            // kill -9 right after the last acknowledgement was read: nothing gets a chance to flush.
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).as("the child committed (see %s)", folder.resolve("child-" + round + ".log")).isEqualTo(target);
            acknowledged += seen;

            try (Database reopened = Database.open(DatabaseConfig.embedded(db), List.of())) {
                Set<String> held = new HashSet<>(Sql.strings(reopened, "select detail from status_event"));
                long missing = 0;
                for (long n = 1; n <= seen; n++) {
                    missing += held.contains(Long.toString(n)) ? 0 : 1;
                }
                assertThat(missing).as("acknowledged commits lost in round %d (of %d)", round, seen).isZero();
                // Start the next round on an empty table, so its numbers mean its own commits.
                Sql.update(reopened, "delete from status_event");
            }
        }
        System.out.printf("EmbeddedDurabilityTest: %d acknowledged commits over 3 kills, 0 lost%n", acknowledged);
    }
}
