package org.radpost.datacenter.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * A data folder holding every kind of crash leftover next to a real study's files: the next start removes each
 * leftover and audits it, leaves every file a row points at as it was, and leaves files too young to judge.
 */
class ReconciliationTest {
    @TempDir
    Path dir;

    @Test
    void theNextStartRemovesEveryLeftoverAuditsItAndTouchesNothingARowNeeds() throws Exception {
        DataCenterFixture fixture = DataCenterFixture.start(dir, false);
        Path data = dir.resolve("dc");
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("study"), 2);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("study"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        // A receipt fetched just before the crash: its row says delivered, its file was not deleted yet.
        String fetched = fixture.dataCenter.database().sessionFactory().fromTransaction(s -> {
            Object path = s.createNativeQuery("select file_path from delivery where kind = 'RECEIPT' order by id limit 1", Object.class)
                    .getSingleResult();
            s.createNativeMutationQuery("update delivery set state = 'DELIVERED' where file_path = :p").setParameter("p", path).executeUpdate();
            return path.toString();
        });
        fixture.dataCenter.close();

        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        Map<Path, String> needed = new HashMap<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path file : all.filter(Files::isRegularFile).filter(p -> !p.startsWith(data.resolve("archive")))
                    .filter(p -> !p.startsWith(data.resolve("tls"))).filter(p -> !p.equals(Path.of(fetched))).toList()) {
                needed.put(file, Sha256.of(file).hex());
                Files.setLastModifiedTime(file, FileTime.from(anHourAgo));
            }
        }
        Map<Path, Leftover> planted = new HashMap<>();
        planted.put(plant(data.resolve("spool/0b1c-orphan.eml"), anHourAgo), Leftover.SPOOL_FILE);
        planted.put(plant(data.resolve("objects").resolve(study.studyInstanceUid()).resolve("1.2.826.0.1.99.dcm"), anHourAgo), Leftover.OBJECT_FILE);
        planted.put(plant(data.resolve("objects/1.2.826.0.1.98/1.2.826.0.1.98.1.dcm"), anHourAgo), Leftover.OBJECT_FILE);
        Path work = data.resolve("work/7f0e-unpacking");
        plant(work.resolve("part-1.dcm"), anHourAgo);
        Files.setLastModifiedTime(work, FileTime.from(anHourAgo));
        planted.put(work, Leftover.WORK_FOLDER);
        planted.put(plant(data.resolve("mailboxes/center1@radpost.test/5e2d-orphan.eml"), anHourAgo), Leftover.MAILBOX_FILE);
        Files.setLastModifiedTime(Path.of(fetched), FileTime.from(anHourAgo));
        planted.put(Path.of(fetched), Leftover.MAILBOX_FILE);
        planted.put(plant(data.resolve("smtp-staging/radpost-stage-1.tmp"), anHourAgo), Leftover.STAGING_FILE);
        Path young = plant(data.resolve("spool/just-written-by-another-node.eml"), Instant.now());

        try (DataCenter restarted = DataCenter.start(DatacenterConfig.local(data, fixture.database), Clock.systemUTC())) {
            for (Map.Entry<Path, Leftover> leftover : planted.entrySet()) {
                assertThat(leftover.getKey()).as("%s %s", leftover.getValue(), leftover.getKey()).doesNotExist();
                long rows = restarted.database().sessionFactory().fromSession(s -> ((Number) s.createNativeQuery(
                                "select count(*) from reconcile_action where kind = :k and path = :p and action = 'REMOVED'", Object.class)
                        .setParameter("k", leftover.getValue().name()).setParameter("p", leftover.getKey().toString())
                        .getSingleResult()).longValue());
                assertThat(rows).as("audit row for %s", leftover.getKey()).isEqualTo(1);
            }
            for (Map.Entry<Path, String> file : needed.entrySet()) {
                assertThat(file.getKey()).as("a file a row needs").exists();
                assertThat(Sha256.of(file.getKey()).hex()).isEqualTo(file.getValue());
            }
            assertThat(young).as("too young to judge: maybe another node's work in progress").exists();
            assertThat(needed.keySet()).as("the study's spool file, objects and queued receipts were there")
                    .anyMatch(p -> p.startsWith(data.resolve("objects"))).anyMatch(p -> p.startsWith(data.resolve("spool")))
                    .anyMatch(p -> p.startsWith(data.resolve("mailboxes")));
        }
    }

    private static Path plant(Path file, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, List.of("left behind by a crash"));
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
