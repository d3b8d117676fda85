package org.radpost.datacenter.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.spool.NodeClaim;
import org.radpost.datacenter.spool.Spool;

/**
 * Several nodes share one data folder: a starting node's reconciliation, even with no grace period at all, leaves
 * every file a live node has in flight alone, and removes a dead node's (stopped, or killed with its lock file
 * left behind) at once, however young.
 */
class SharedDataFolderReconciliationTest {
    @TempDir
    Path dir;

    @Test
    void leavesALiveNodesWorkInProgressAloneAndClearsADeadNodesAtOnce() throws Exception {
        try (DataCenterFixture fixture = DataCenterFixture.start(dir, false)) {
            Path data = dir.resolve("dc");
            NodeClaim live = NodeClaim.take(data);
            List<Path> liveFiles = inFlight(data, live);
            NodeClaim stopped = NodeClaim.take(data);
            List<Path> stoppedFiles = inFlight(data, stopped);
            stopped.close();
            // What kill -9 leaves: the lock file, with no process holding its lock.
            NodeClaim killed = NodeClaim.take(data);
            List<Path> killedFiles = inFlight(data, killed);
            Path killedLock = data.resolve(NodeClaim.FOLDER).resolve(killed.tag() + ".lock");
            killed.close();
            Files.createFile(killedLock);

            List<Reconciliation.Removed> removed = new Reconciliation(fixture.dataCenter.database().sessionFactory(), data,
                    Clock.systemUTC(), Duration.ZERO).run();

            assertThat(liveFiles).as("a live node's files in flight").allMatch(Files::exists);
            assertThat(data.resolve(NodeClaim.FOLDER).resolve(live.tag() + ".lock")).exists();
            Map<Path, Leftover> byPath = removed.stream().collect(Collectors.toMap(Reconciliation.Removed::path, Reconciliation.Removed::kind));
            for (Path file : concat(stoppedFiles, killedFiles)) {
                assertThat(file).as("a dead node's leftover").doesNotExist();
            }
            // Each audited; a staging file goes with its node's staging folder, audited as one.
            assertThat(byPath).containsKeys(concat(stoppedFiles, killedFiles).stream()
                    .filter(p -> !p.getFileName().toString().startsWith("smtp-data-")).toArray(Path[]::new));
            assertThat(killedLock).as("a killed node's lock file").doesNotExist();
            live.close();
        }
    }

    /** A spooled message, a work folder, a receipt in a mailbox and a staging file, as a node makes them. */
    private static List<Path> inFlight(Path data, NodeClaim claim) throws Exception {
        Spool spool = new Spool(data, claim);
        Path spooled = spool.write(new ByteArrayInputStream("Subject: in flight\r\n\r\n".getBytes()), 1 << 20);
        Path work = spool.newWorkFolder();
        Files.write(work.resolve("object-1.dcm"), new byte[] {1, 2, 3});
        Path receipt = Files.write(spool.mailbox(DataCenterFixture.CENTER).resolve(spool.fileName(".eml")), new byte[] {4});
        Path staging = Files.createDirectories(data.resolve("smtp-staging").resolve(claim.tag()));
        Path staged = Files.write(staging.resolve("smtp-data-1.eml"), new byte[] {5});
        return List.of(spooled, work, receipt, staged, staging);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
