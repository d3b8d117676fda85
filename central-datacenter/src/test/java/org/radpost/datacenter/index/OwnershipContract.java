package org.radpost.datacenter.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * An object belongs to the center that sent it first: a second center reusing its UIDs over SMTP is refused with
 * its own reason and an audit row, and nothing of the first center changes; the owning center's corrected resend
 * replaces the object and keeps the earlier version in the archive.
 */
abstract class OwnershipContract {
    static final String OTHER_CENTER = "center2@radpost.test";

    Path dir;
    DataCenterFixture fixture;

    abstract boolean onMariaDb();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("ownership");
        fixture = DataCenterFixture.start(dir, onMariaDb());
        fixture.dataCenter.directory().addCenter("c2", "Center Two", OTHER_CENTER, DataCenterFixture.PASSWORD);
        fixture.dataCenter.directory().authorize("c2", "v2", null);
    }

    @AfterEach
    void stop() {
        fixture.close();
        org.radpost.datacenter.spool.Spool.deleteQuietly(dir);
    }

    @Test
    void anotherCenterSendingTheSameUidsIsRefusedAndChangesNothingOfTheFirst() throws Exception {
        SampleStudy study = SampleStudy.ct();
        List<Path> originals = study.writeImages(dir.resolve("c1"), 2);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("c1"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        String uid = study.studyInstanceUid();
        Map<String, String> before = instances(uid);
        List<String> archiveBefore = archiveRows(uid);

        changedCopies(originals, dir.resolve("c2"));
        Path forged = new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(OTHER_CENTER, DataCenterFixture.OTHER_VIEWER,
                Priority.ROUTINE), new StudyScanner().scan(List.of(dir.resolve("c2"))).studies().get(0), Files.createTempDirectory(dir, "out")).get(0);
        SubmitOutcome outcome = fixture.submitter(OTHER_CENTER).submit(forged, n -> { });
        fixture.drainPipeline();

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, refused -> {
            assertThat(refused.replyCode()).isEqualTo(550);
            assertThat(refused.serverText()).contains("uid-owned-by-another-center").doesNotContain("center1").doesNotContain("c1");
        });
        assertThat(instances(uid)).as("center 1's instance rows (SHA-256, Message-ID, file)").isEqualTo(before);
        for (Path original : originals) {
            assertThat(fixture.count("select count(*) from instance where sha256 = '" + Sha256.of(original).hex() + "'")).isEqualTo(1);
        }
        assertThat(archiveRows(uid)).as("center 1's archived objects").isEqualTo(archiveBefore);
        assertThat(fixture.count("select count(*) from archive_object where center_code = 'c2'")).isZero();
        assertThat(fixture.count("select count(*) from status_event where study_uid = '" + uid + "' and state = 'REJECTED'"
                + " and actor = '" + OTHER_CENTER + "' and detail like '%uid-owned-by-another-center%'")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from delivery where mailbox = '" + DataCenterFixture.OTHER_VIEWER + "'")).isZero();
    }

    @Test
    void twoCentersSendingOneNewStudyAtTheSameMomentNeverBothHearTwoHundredFifty() throws Exception {
        // The race the ownership check cannot see: neither center's study row exists yet when both check. The loser's
        // transaction breaks on a unique key; it must be told to try again (and then be refused), never "250 already held".
        for (int round = 0; round < 3; round++) {
            SampleStudy study = SampleStudy.ct().size(64, 64);
            study.writeImages(dir.resolve("race" + round), 1);
            StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("race" + round))).studies().get(0);
            Path mine = new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(DataCenterFixture.CENTER,
                    DataCenterFixture.VIEWER, Priority.ROUTINE), batch, Files.createTempDirectory(dir, "out")).get(0);
            Path theirs = new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(OTHER_CENTER,
                    DataCenterFixture.OTHER_VIEWER, Priority.ROUTINE), batch, Files.createTempDirectory(dir, "out")).get(0);
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var first = pool.submit(() -> { together.await(); return fixture.submitter(DataCenterFixture.CENTER).submit(mine, n -> { }); });
                var second = pool.submit(() -> { together.await(); return fixture.submitter(OTHER_CENTER).submit(theirs, n -> { }); });
                List<SubmitOutcome> outcomes = List.of(first.get(), second.get());
                fixture.drainPipeline();
                assertThat(outcomes.stream().filter(o -> o instanceof SubmitOutcome.Sent).count())
                        .as("round %d: %s", round, outcomes).isEqualTo(1);
                assertThat(fixture.count("select count(*) from message where study_uid = '" + study.studyInstanceUid() + "'"))
                        .as("the accepted message is stored").isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theOwningCentersCorrectedResendReplacesTheObjectAndTheArchiveKeepsBothVersions() throws Exception {
        SampleStudy study = SampleStudy.ct();
        List<Path> originals = study.writeImages(dir.resolve("first"), 1);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("first"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        List<Path> corrected = changedCopies(originals, dir.resolve("corrected"));
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("corrected"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        String uid = study.studyInstanceUid();
        assertThat(instances(uid).values()).singleElement().asString().startsWith(Sha256.of(corrected.get(0)).hex());
        assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + uid + "'")).isEqualTo(2);
        assertThat(fixture.count("select count(distinct entry_name) from archive_object where study_instance_uid = '" + uid + "'")).isEqualTo(2);
        assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + uid + "' and deleted = false"
                + " and sha256 = '" + Sha256.of(corrected.get(0)).hex() + "'")).isEqualTo(1);
    }

    /** SOP Instance UID → SHA-256, Message-ID and the SHA-256 of the file on disk, for the study's instances. */
    private Map<String, String> instances(String studyUid) {
        List<Object[]> rows = fixture.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                "select i.sop_instance_uid, i.sha256, i.message_id, i.file_path from instance i join study s on s.id = i.study_id"
                        + " where s.study_uid = :u", Object[].class).setParameter("u", studyUid).getResultList());
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0], r -> r[1] + " " + r[2] + " " + fileSha((String) r[3])));
    }

    private List<String> archiveRows(String studyUid) {
        List<Object[]> rows = fixture.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                "select sop_instance_uid, sha256, entry_name, deleted, center_code from archive_object where study_instance_uid = :u order by id",
                Object[].class).setParameter("u", studyUid).getResultList());
        return rows.stream().map(r -> r[0] + " " + r[1] + " " + r[2] + " " + r[3] + " " + r[4]).toList();
    }

    private static String fileSha(String path) {
        try {
            return Sha256.of(Path.of(path)).hex();
        } catch (java.io.IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** Copies with the two last pixel bytes changed: same UIDs, other bytes. */
    static List<Path> changedCopies(List<Path> originals, Path folder) throws Exception {
        Files.createDirectories(folder);
        List<Path> copies = new java.util.ArrayList<>();
        for (Path original : originals) {
            byte[] bytes = Files.readAllBytes(original);
            bytes[bytes.length - 1] ^= 0x5a;
            bytes[bytes.length - 2] ^= 0x5a;
            copies.add(Files.write(folder.resolve(original.getFileName()), bytes));
        }
        return copies;
    }
}
