package org.radpost.datacenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.PackagedObject;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleObjects;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Receive → spool → validate → index → route → deliver → archive over SMTPS, against a real database:
 * {@link IntakeOnMariaDbTest} (production) and {@link IntakeOnH2Test} (the embedded default).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IntakeContract {
    Path dir;

    DataCenterFixture fixture;

    abstract boolean onMariaDb();

    @BeforeAll
    void start() throws Exception {
        // PER_CLASS lifecycle: an instance @TempDir is not there yet in @BeforeAll, so make the folder here.
        dir = java.nio.file.Files.createTempDirectory("intake");
        fixture = DataCenterFixture.start(dir, onMariaDb());
    }

    @AfterAll
    void stop() {
        fixture.close();
        org.radpost.datacenter.spool.Spool.deleteQuietly(dir);
    }


    @Test
    void acceptsAValidStudyIndexesItAndQueuesItForTheViewer() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("ok"), 4);
        Path eml = fixture.packageStudy(dir.resolve("ok"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);

        SubmitOutcome outcome = fixture.send(eml);
        fixture.drainPipeline();

        assertThat(outcome).isInstanceOf(SubmitOutcome.Sent.class);
        String uid = study.studyInstanceUid();
        assertThat(fixture.count("select count(*) from instance i join study s on s.id = i.study_id where s.study_uid = '" + uid + "'")).isEqualTo(4);
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and mailbox = 'viewer1@radpost.test' and kind = 'STUDY'")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and mailbox = 'center1@radpost.test' and kind = 'RECEIPT'"))
                .as("accepted and archived receipts").isEqualTo(2);
        assertThat(fixture.count("select count(*) from status_event where study_uid = '" + uid + "' and state in ('RECEIVED','VALIDATED','INDEXED','ROUTED','QUEUED','ARCHIVED')")).isEqualTo(6);
        assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + uid + "'")).isEqualTo(4);
    }

    @Test
    void messagesArrivingAtOnceOnSeveralConnectionsAreAllAccepted() throws Exception {
        // Several centers' links, or one packager sending in parallel: the parts of one study and new studies of one
        // patient reach intake at the same moment. Each must get its 250, not a 451 from a lock or a duplicate row.
        SampleStudy split = SampleStudy.of("CT", "PID-PAR", "PARALLEL^PAT", "ACC-PAR1").size(128, 128);
        split.writeImages(dir.resolve("par-split"), 4);
        List<Path> messages = new java.util.ArrayList<>(
                fixture.packageStudy(dir.resolve("par-split"), DataCenterFixture.VIEWER, Priority.ROUTINE, 80_000));
        assertThat(messages).as("one message per image").hasSize(4);
        List<String> studyUids = new java.util.ArrayList<>(List.of(split.studyInstanceUid()));
        for (int i = 0; i < 4; i++) {
            SampleStudy other = SampleStudy.of("CT", "PID-PAR", "PARALLEL^PAT", "ACC-PAR-" + i).size(64, 64);
            other.writeImages(dir.resolve("par-" + i), 1);
            messages.addAll(fixture.packageStudy(dir.resolve("par-" + i), DataCenterFixture.VIEWER, Priority.ROUTINE));
            studyUids.add(other.studyInstanceUid());
        }
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(messages.size());
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(messages.size());
        try {
            List<java.util.concurrent.Future<SubmitOutcome>> outcomes = new java.util.ArrayList<>();
            for (Path eml : messages) {
                outcomes.add(senders.submit(() -> {
                    together.await();
                    return fixture.send(eml);
                }));
            }
            for (int i = 0; i < messages.size(); i++) {
                SubmitOutcome outcome = outcomes.get(i).get();
                // A 451 (nothing stored: a lock or key the concurrent messages fought over) is the packager's cue to
                // send again, as RFC 5321 has it; the promise under test is that no message hears 250 unless it is
                // stored, and that each is stored once it is sent again.
                for (int retry = 0; retry < 3 && outcome instanceof SubmitOutcome.TemporaryFailure; retry++) {
                    outcome = fixture.send(messages.get(i));
                }
                assertThat(outcome).as(outcome.describe()).isInstanceOf(SubmitOutcome.Sent.class);
            }
        } finally {
            senders.shutdownNow();
        }
        fixture.drainPipeline();
        assertThat(fixture.count("select count(*) from patient where patient_id = 'PID-PAR'")).as("one patient row").isEqualTo(1);
        assertThat(fixture.count("select count(*) from instance i join study s on s.id = i.study_id where s.study_uid = '"
                + split.studyInstanceUid() + "'")).isEqualTo(4);
        for (String uid : studyUids) {
            assertThat(fixture.count("select count(*) from study where study_uid = '" + uid + "'")).isEqualTo(1);
        }
    }

    @Test
    void aMessageWaitsWhileAnotherMessageOfItsCenterHoldsTheCenterLock() throws Exception {
        // Index locks the center's row for its transaction; under load a large message holds it for seconds. The
        // next message of that center must wait for it (MariaDB waits up to 50 s), not hear 451 after H2's 2 s default.
        SampleStudy.ct().writeImages(dir.resolve("waits"), 2);
        Path eml = fixture.packageStudy(dir.resolve("waits"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> fixture.dataCenter.database().sessionFactory().inTransaction(s -> {
            s.createNativeQuery("select id from center for update", Long.class).getResultList();
            locked.countDown();
            try {
                Thread.sleep(4_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "center-lock-holder");
        holder.start();
        locked.await();

        SubmitOutcome outcome = fixture.send(eml);
        holder.join();

        assertThat(outcome).as("sent while another transaction held the center's row for 4 s").isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
    }

    @Test
    void statStudiesAreFirstInTheViewersMailbox() throws Exception {
        SampleStudy routine = SampleStudy.ct();
        routine.writeImages(dir.resolve("routine"), 1);
        SampleStudy stat = SampleStudy.ct();
        stat.writeImages(dir.resolve("stat"), 1);

        assertThat(fixture.send(fixture.packageStudy(dir.resolve("routine"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("stat"), DataCenterFixture.VIEWER, Priority.STAT).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        List<String> order = fixture.dataCenter.mailboxes().waiting(DataCenterFixture.VIEWER).stream()
                .map(d -> d.studyUid().value()).toList();
        // The mailbox is shared with the other tests of this class (STAT mail of theirs may wait there too).
        assertThat(order).contains(stat.studyInstanceUid(), routine.studyInstanceUid());
        assertThat(order.indexOf(stat.studyInstanceUid())).isLessThan(order.indexOf(routine.studyInstanceUid()));
    }

    @Test
    void aStatMessageIsDeliveredWhileARoutineMessageIsStuckInALaterStage() throws Exception {
        // A routine message's archive write can take seconds under load; a STAT message that arrives meanwhile must not
        // wait for it. Here the routine message's archive stage waits on its shelf's lock, held by the test.
        SampleStudy routine = SampleStudy.ct();
        routine.writeImages(dir.resolve("lane-routine"), 1);
        SampleStudy stat = SampleStudy.ct();
        stat.writeImages(dir.resolve("lane-stat"), 1);
        try (HeldShelf held = HeldShelf.hold(fixture, "c1", "CT")) {
            assertThat(fixture.send(fixture.packageStudy(dir.resolve("lane-routine"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                    .isInstanceOf(SubmitOutcome.Sent.class);
            held.awaitWaiter(onMariaDb());

            assertThat(fixture.send(fixture.packageStudy(dir.resolve("lane-stat"), DataCenterFixture.VIEWER, Priority.STAT).get(0)))
                    .isInstanceOf(SubmitOutcome.Sent.class);

            // Well inside both databases' lock timeouts (H2 30 s, MariaDB 50 s): a STAT queued behind the stuck stage fails here.
            org.awaitility.Awaitility.await("the STAT study in the viewer's mailbox").atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> fixture.dataCenter.mailboxes().waiting(DataCenterFixture.VIEWER).stream()
                            .anyMatch(d -> d.studyUid().value().equals(stat.studyInstanceUid())));
            assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + routine.studyInstanceUid() + "'"))
                    .as("the routine message still waits for the shelf").isZero();
            assertThat(fixture.count("select sum(attempts) from message where study_uid = '" + routine.studyInstanceUid() + "'"))
                    .as("failed attempts of the waiting routine message (a lock timeout would let the STAT by)").isZero();
        }
        fixture.drainPipeline();
        for (String uid : List.of(routine.studyInstanceUid(), stat.studyInstanceUid())) {
            assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + uid + "'")).isEqualTo(1);
            assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and kind = 'STUDY'")).isEqualTo(1);
        }
    }

    @Test
    void aRoutineMessageGoesThroughWhileAnotherIsStuckInALaterStage() throws Exception {
        // One stage waiting (here the CT shelf's lock, held by the test) must not hold up the node's other messages.
        SampleStudy stuck = SampleStudy.ct();
        stuck.writeImages(dir.resolve("stuck-ct"), 1);
        SampleStudy other = SampleStudy.of("MR", "PID-OTHER", "OTHER^PAT", "ACC-OTHER");
        other.writeImages(dir.resolve("other-mr"), 1);
        try (HeldShelf held = HeldShelf.hold(fixture, "c1", "CT")) {
            assertThat(fixture.send(fixture.packageStudy(dir.resolve("stuck-ct"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                    .isInstanceOf(SubmitOutcome.Sent.class);
            held.awaitWaiter(onMariaDb());

            assertThat(fixture.send(fixture.packageStudy(dir.resolve("other-mr"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                    .isInstanceOf(SubmitOutcome.Sent.class);

            // Well inside both databases' lock timeouts (H2 30 s, MariaDB 50 s).
            org.awaitility.Awaitility.await("the MR study archived").atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> fixture.count("select count(*) from archive_object where study_instance_uid = '"
                            + other.studyInstanceUid() + "'") == 1);
            assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + stuck.studyInstanceUid() + "'"))
                    .as("the CT study still waits for its shelf").isZero();
            // Not through by way of a lock timeout: the waiting stage gave up no attempt (it waited, the MR went by).
            assertThat(fixture.count("select sum(attempts) from message where study_uid = '" + stuck.studyInstanceUid() + "'"))
                    .as("failed attempts of the waiting CT message").isZero();
        }
        fixture.drainPipeline();
        assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + stuck.studyInstanceUid() + "'")).isEqualTo(1);
    }

    /** A test's transaction holding one archive shelf's lock, as a long archive write by another node would. */
    static final class HeldShelf implements AutoCloseable {
        private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final DataCenterFixture fixture;
        private final Thread holder;

        private HeldShelf(DataCenterFixture fixture, String center, String modality) throws InterruptedException {
            this.fixture = fixture;
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            holder = new Thread(() -> new org.radpost.archiver.volume.ShelfLock(fixture.dataCenter.database().sessionFactory())
                    .inTransaction(center, modality, s -> {
                        held.countDown();
                        try {
                            return release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }), "shelf-lock-holder");
            holder.start();
            held.await();
        }

        static HeldShelf hold(DataCenterFixture fixture, String center, String modality) throws InterruptedException {
            return new HeldShelf(fixture, center, modality);
        }

        /** Waits until some transaction of the data center waits for a lock (the archive stage, for this shelf). */
        void awaitWaiter(boolean mariaDb) {
            String lockWaits = mariaDb ? "select count(*) from information_schema.innodb_lock_waits"
                    : "select count(*) from information_schema.sessions where blocker_id is not null";
            org.awaitility.Awaitility.await("a stage waiting for the held shelf").atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> fixture.count(lockWaits) > 0);
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void theSameMessageSubmittedTwiceYieldsOneSetOfObjectsAndOneDelivery() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("twice"), 2);
        Path eml = fixture.packageStudy(dir.resolve("twice"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);

        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        String uid = study.studyInstanceUid();
        assertThat(fixture.count("select count(*) from instance i join study s on s.id = i.study_id where s.study_uid = '" + uid + "'")).isEqualTo(2);
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and kind = 'STUDY'")).isEqualTo(1);
    }

    @Test
    void refusesHeaderUidsThatDifferFromTheObjectWithItsCode() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("uid"), 1);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("uid"))).studies().get(0);
        Path eml = fixture.packageStudy(dir.resolve("uid"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
        String real = batch.objects().get(0).summary().sopInstanceUid().value();
        Files.writeString(eml, Files.readString(eml, StandardCharsets.ISO_8859_1).replace(real, "1.2.3.999"), StandardCharsets.ISO_8859_1);

        SubmitOutcome outcome = fixture.send(eml);

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.replyCode()).isEqualTo(554);
            assertThat(f.enhancedCode()).isEqualTo("5.6.0");
            assertThat(f.serverText()).contains("uid-mismatch").contains("1.2.3.999");
        });
        assertThat(fixture.count("select count(*) from instance where sop_instance_uid = '" + real + "'")).isZero();
    }

    @Test
    void acceptsObjectsWithoutPixelDataAsTheyAreAndArchivesEach() throws Exception {
        SampleStudy study = SampleStudy.ct().size(64, 64);
        SampleObjects objects = new SampleObjects(study);
        Path folder = dir.resolve("non-image");
        Path image = study.writeImages(folder, 1).get(0);
        String imageUid = new org.radpost.wire.dicom.DicomHeaderReader().read(image).sopInstanceUid().value();
        objects.writeBasicTextSr(folder, "CTDIvol 12.3 mGy.");
        objects.writeKeyObjectSelection(folder, imageUid);
        study.writePresentationState(folder, imageUid);
        objects.writeRtPlan(folder, 3);
        objects.writeTwelveLeadEcg(folder);
        objects.writeEncapsulatedPdf(folder);
        Path eml = fixture.packageStudy(folder, DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);

        SubmitOutcome outcome = fixture.send(eml);
        fixture.drainPipeline();

        assertThat(outcome).as(outcome.describe()).isInstanceOf(SubmitOutcome.Sent.class);
        String uid = study.studyInstanceUid();
        assertThat(fixture.count("select count(*) from instance i join study s on s.id = i.study_id where s.study_uid = '" + uid + "'"))
                .isEqualTo(7);
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and mailbox = 'viewer1@radpost.test'"
                + " and kind = 'STUDY'")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from archive_object where study_instance_uid = '" + uid + "'")).isEqualTo(7);
    }

    @Test
    void refusesAReportCutInsideItsContentTreeAsTruncated() throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path whole = new SampleObjects(study).writeBasicTextSr(dir.resolve("cut-sr"), "No acute intracranial haemorrhage.",
                "Small left pleural effusion.", "Degenerative change of the lumbar spine.", "No focal liver lesion.");
        StudyBatch batch = new StudyScanner().scan(List.of(whole)).studies().get(0);
        PackagedObject o = batch.objects().get(0);
        Path cut = dir.resolve("cut-sr").resolve("cut.dcm");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 60 / 100));
        StudyBatch bad = new StudyBatch(batch.studyUid(), List.of(new PackagedObject(cut, o.summary(), Sha256.of(cut), Files.size(cut))));
        Path eml = new MessageWriter().write(new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER, Priority.ROUTINE), bad,
                dir.resolve("cut-sr-out")).get(0);

        assertThat(fixture.send(eml)).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f ->
                assertThat(f.serverText()).contains("[truncated]").contains("ContentSequence").contains("byte"));
        assertThat(fixture.count("select count(*) from instance i join study s on s.id = i.study_id where s.study_uid = '"
                + study.studyInstanceUid() + "'")).isZero();
    }

    @Test
    void refusesABadChecksumWithItsCode() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("sha"), 1);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("sha"))).studies().get(0);
        PackagedObject o = batch.objects().get(0);
        StudyBatch bad = new StudyBatch(batch.studyUid(), List.of(new PackagedObject(o.file(), o.summary(), Sha256.of(new byte[32]), o.size())));
        Path eml = new MessageWriter().write(new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER, Priority.ROUTINE), bad, dir.resolve("sha-out")).get(0);

        assertThat(fixture.send(eml)).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.enhancedCode()).isEqualTo("5.7.7");
            assertThat(f.serverText()).contains("checksum-mismatch");
        });
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + batch.studyUid()
                + "' and kind = 'RECEIPT' and mailbox = 'center1@radpost.test'")).as("a rejection receipt").isEqualTo(1);
    }

    @Test
    void refusesAnAttachmentThatIsNotDicom() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("nd"), 1);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("nd"))).studies().get(0);
        Path letter = Files.writeString(dir.resolve("letter.txt"), "Dear colleague, ".repeat(64));
        PackagedObject o = batch.objects().get(0);
        StudyBatch bad = new StudyBatch(batch.studyUid(), List.of(new PackagedObject(letter, o.summary(), Sha256.of(letter), Files.size(letter))));
        Path eml = new MessageWriter().write(new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER, Priority.ROUTINE), bad, dir.resolve("nd-out")).get(0);

        assertThat(fixture.send(eml)).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.enhancedCode()).isEqualTo("5.6.1");
            assertThat(f.serverText()).contains("not-dicom");
        });
    }

    @Test
    void refusesAFromHeaderThatIsNotTheLoggedInCenter() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("from"), 1);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("from"))).studies().get(0);
        Path eml = new MessageWriter().write(new Addressing("intruder@radpost.test", DataCenterFixture.VIEWER, Priority.ROUTINE),
                batch, dir.resolve("from-out")).get(0);

        SubmitOutcome outcome = fixture.send(eml);

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.replyCode()).isEqualTo(550);
            assertThat(f.enhancedCode()).isEqualTo("5.7.1");
        });
    }

    @Test
    void quarantinesAStudyForAnUnknownViewerAndTellsTheCenter() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("unknown"), 1);
        Path eml = fixture.packageStudy(dir.resolve("unknown"), "nobody@radpost.test", Priority.ROUTINE).get(0);

        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        String uid = study.studyInstanceUid();
        assertThat(fixture.count("select count(*) from quarantine where study_uid = '" + uid + "' and reason_code = 'unknown-destination'")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and kind = 'STUDY'")).isZero();
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and kind = 'RECEIPT'"))
                .as("accepted and quarantined receipts").isEqualTo(2);
    }

    @Test
    void quarantinesAnUnauthorizedRouteUntilAnAdminReleasesItToAnAuthorizedViewer() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("unauth"), 1);
        Path eml = fixture.packageStudy(dir.resolve("unauth"), DataCenterFixture.OTHER_VIEWER, Priority.ROUTINE).get(0);

        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        String uid = study.studyInstanceUid();
        assertThat(fixture.count("select count(*) from quarantine where study_uid = '" + uid + "' and reason_code = 'unauthorized-route'")).isEqualTo(1);

        long entry = fixture.dataCenter.quarantine().waiting().stream().filter(q -> q.studyUid().value().equals(uid)).findFirst().orElseThrow().id();
        fixture.dataCenter.quarantine().release(entry, DataCenterFixture.VIEWER, "admin");
        fixture.drainPipeline();

        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and kind = 'STUDY' and mailbox = 'viewer1@radpost.test'")).isEqualTo(1);
        assertThat(fixture.dataCenter.timeline().of(uid)).extracting(e -> e.state().name())
                .containsSubsequence("QUARANTINED", "FIXED", "ROUTED", "QUEUED");
    }
}
