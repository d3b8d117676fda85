package org.radpost.viewer.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.GreenMailTls;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.viewer.store.OutgoingKind;
import org.radpost.viewer.store.OutgoingQueue;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.MessageWriter;

class SpoolRetentionTest {
    @TempDir
    Path dir;

    @Test
    void aRestartRemovesWhatACrashLeftInTheSpoolAndKeepsStoredObjects() throws Exception {
        Path data = dir.resolve("viewer");
        SampleStudy study = SampleStudy.ct();
        try (TestMail mail = new TestMail()) {
            mail.deliverStudy(study, 2, MessageWriter.DEFAULT_SIZE_CAP, Priority.ROUTINE, dir.resolve("eml"));
            ViewerConfig config = config(data, mail);
            try (ViewerAgent agent = ViewerAgent.start(config)) {
                agent.pollNow();
            }
            List<Path> stored = files(data.resolve("objects"));
            assertThat(stored).hasSize(2);
            // What a kill mid-download or mid-extract leaves: a partial .eml, an extraction folder, a moved object
            // whose row was never committed, and a mail cache file.
            Path partial = Files.writeString(data.resolve("incoming/6f1c.eml"), "Message-ID: <partial@x>\r\n");
            Path work = Files.createDirectories(data.resolve("incoming/6f1c/part-1"));
            Files.writeString(work.resolve("object.dcm"), "half an object");
            Path cache = Files.writeString(data.resolve("incoming/pop3.123.mbox"), "cached");
            Path orphan = Files.createDirectories(data.resolve("objects/1.2.3")).resolve("1.2.3.4.dcm");
            Files.writeString(orphan, "moved but never committed");

            try (ViewerAgent agent = ViewerAgent.start(config)) {
                assertThat(partial).doesNotExist();
                assertThat(work.getParent()).doesNotExist();
                assertThat(cache).doesNotExist();
                assertThat(orphan).doesNotExist();
                assertThat(files(data.resolve("objects"))).containsExactlyInAnyOrderElementsOf(stored);
                assertThat(agent.studies().find(StudyUid.of(study.studyInstanceUid())).orElseThrow().imagesReceived())
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void removesSentAndRefusedMailOnlyAfterTheKeepPeriod() throws Exception {
        Path data = Files.createDirectories(dir.resolve("viewer"));
        Path outgoingFolder = Files.createDirectories(data.resolve("outgoing"));
        Path rejectedFolder = Files.createDirectories(data.resolve("rejected"));
        try (LocalDatabase database = LocalDatabase.open(data.resolve("db"))) {
            OutgoingQueue outgoing = new OutgoingQueue(database);
            StudyUid study = StudyUid.of("1.2.3");
            Path sent = Files.writeString(outgoingFolder.resolve("sent.eml"), "sent");
            Path queued = Files.writeString(outgoingFolder.resolve("queued.eml"), "queued");
            Path failed = Files.writeString(outgoingFolder.resolve("failed.eml"), "failed");
            outgoing.markSent(outgoing.queue(OutgoingKind.REPORT, study, List.of(sent)).get(0));
            outgoing.queue(OutgoingKind.OVERLAY, study, List.of(queued));
            outgoing.markAttemptFailed(outgoing.queue(OutgoingKind.OVERLAY, study, List.of(failed)).get(0), "554 no", true);
            Path refused = Files.writeString(rejectedFolder.resolve("junk.eml"), "junk");
            Files.setLastModifiedTime(refused, FileTime.from(Instant.now()));
            Duration keep = Duration.ofDays(7);

            SpoolRetention early = retention(data, database, outgoing, keep, Instant.now().plus(Duration.ofDays(6)));
            assertThat(early.removeExpired().files()).isZero();
            assertThat(sent).exists();
            assertThat(refused).exists();

            SpoolRetention late = retention(data, database, outgoing, keep, Instant.now().plus(Duration.ofDays(8)));
            assertThat(late.removeExpired().files()).isEqualTo(2);
            assertThat(sent).doesNotExist();
            assertThat(refused).doesNotExist();
            assertThat(queued).exists(); // not sent yet: the sender still needs it
            assertThat(failed).exists(); // refused for good: kept for whoever looks into it
            assertThat(outgoing.forStudy(study)).hasSize(3); // the rows stay as the record of what was sent
            assertThat(late.removeExpired().files()).isZero();
        }
    }

    private static SpoolRetention retention(Path data, LocalDatabase database, OutgoingQueue outgoing, Duration keep,
                                            Instant now) {
        return new SpoolRetention(data, new Inbox(database), outgoing, keep, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static ViewerConfig config(Path data, TestMail mail) throws Exception {
        return new ViewerConfig(data, mail.pop3(), mail.smtp(), GreenMailTls.trustStore(), GreenMailTls.PASSWORD,
                Duration.ofHours(1), "127.0.0.1", 0, "Dr. Ada Reader", TestMail.VIEWER, "");
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
