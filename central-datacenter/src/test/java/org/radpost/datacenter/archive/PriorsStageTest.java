package org.radpost.datacenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.PackagedObject;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SubmitOutcome;

/** Priors: a patient's earlier studies from the same center reach the viewer with the new one, over real SMTPS and POP3S. */
class PriorsStageTest {
    private static final String CENTER2 = "center2@radpost.test";

    @TempDir
    static Path dir;

    static DataCenterFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        fixture.dataCenter.directory().addCenter("c2", "Center Two", CENTER2, DataCenterFixture.PASSWORD);
        fixture.dataCenter.directory().authorize("c2", "v1", null);
        fixture.dataCenter.directory().authorize("c1", "v2", null);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void emptyTheViewersMailboxes() throws IOException {
        fetch(DataCenterFixture.VIEWER);
        fetch(DataCenterFixture.OTHER_VIEWER);
    }

    @Test
    void deliversThePatientsEarlierStudyToTheSameViewerMarkedAsPriorWithIdenticalBytes() throws Exception {
        SampleStudy first = SampleStudy.of("CT", "PID-X", "DOE^JANE", "ACC1");
        Map<String, String> originals = send(DataCenterFixture.CENTER, first, 3, DataCenterFixture.VIEWER);
        assertThat(fetch(DataCenterFixture.VIEWER)).as("the first study has no priors")
                .allSatisfy(f -> assertThat(priorFor(f)).isNull());
        assertThat(fixture.dataCenter.archiver().findByStudy(StudyUid.of(first.studyInstanceUid()))).hasSize(3);
        SampleStudy otherPatient = SampleStudy.of("CT", "PID-Y", "ROE^RICHARD", "ACC7");
        send(DataCenterFixture.CENTER, otherPatient, 1, DataCenterFixture.VIEWER);
        SampleStudy otherCenter = SampleStudy.of("CT", "PID-X", "DOE^JANE", "ACC8");
        send(CENTER2, otherCenter, 1, DataCenterFixture.VIEWER);
        assertThat(fetch(DataCenterFixture.VIEWER)).as("same patient ID at another center is another patient")
                .allSatisfy(f -> assertThat(priorFor(f)).isNull());

        SampleStudy second = SampleStudy.of("CT", "PID-X", "DOE^JANE", "ACC2");
        send(DataCenterFixture.CENTER, second, 2, DataCenterFixture.VIEWER);
        List<MailboxReader.Fetched> arrived = fetch(DataCenterFixture.VIEWER);

        assertThat(arrived).filteredOn(f -> studyOf(f).equals(second.studyInstanceUid()))
                .hasSize(1).allSatisfy(f -> assertThat(priorFor(f)).isNull());
        List<MailboxReader.Fetched> priors = arrived.stream().filter(f -> priorFor(f) != null).toList();
        assertThat(priors).isNotEmpty().allSatisfy(f -> {
            assertThat(priorFor(f)).isEqualTo(second.studyInstanceUid());
            assertThat(studyOf(f)).isEqualTo(first.studyInstanceUid());
            assertThat(f.message().from()).isEqualTo("datacenter@radpost.test");
        });
        assertThat(receivedChecksums(priors)).isEqualTo(originals);
        assertThat(arrived).extracting(PriorsStageTest::studyOf)
                .doesNotContain(otherPatient.studyInstanceUid(), otherCenter.studyInstanceUid());
    }

    @Test
    void sendsNoMoreThanTheConfiguredNumberOfPriorStudies() throws Exception {
        List<String> earlier = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            SampleStudy study = SampleStudy.of("CT", "PID-M", "POE^MAX", "ACCM" + i);
            send(DataCenterFixture.CENTER, study, 1, DataCenterFixture.OTHER_VIEWER);
            earlier.add(study.studyInstanceUid());
        }
        SampleStudy latest = SampleStudy.of("CT", "PID-M", "POE^MAX", "ACCM4");
        send(DataCenterFixture.CENTER, latest, 1, DataCenterFixture.VIEWER);

        Set<String> priorStudies = fetch(DataCenterFixture.VIEWER).stream().filter(f -> priorFor(f) != null)
                .map(PriorsStageTest::studyOf).collect(Collectors.toSet());
        assertThat(priorStudies).hasSize(PriorsStage.DEFAULT_MAX_STUDIES);
        assertThat(earlier).containsAll(priorStudies);
    }

    @Test
    void aPriorGoesToAViewerOnceEvenWhenTheStageRunsAgain() throws Exception {
        SampleStudy first = SampleStudy.of("CT", "PID-O", "OE^ONCE", "ACCO1");
        SampleStudy second = SampleStudy.of("CT", "PID-O", "OE^ONCE", "ACCO2");
        SampleStudy third = SampleStudy.of("CT", "PID-O", "OE^ONCE", "ACCO3");
        send(DataCenterFixture.CENTER, first, 1, DataCenterFixture.VIEWER);
        send(DataCenterFixture.CENTER, second, 1, DataCenterFixture.VIEWER);
        assertThat(fetch(DataCenterFixture.VIEWER).stream().filter(f -> priorFor(f) != null).map(PriorsStageTest::studyOf))
                .containsOnly(first.studyInstanceUid());

        send(DataCenterFixture.CENTER, third, 1, DataCenterFixture.VIEWER);
        assertThat(fetch(DataCenterFixture.VIEWER).stream().filter(f -> priorFor(f) != null).map(PriorsStageTest::studyOf))
                .as("the first study went as a prior already").containsOnly(second.studyInstanceUid());

        long queuedBefore = fixture.count("select count(*) from delivery");
        PriorsStage again = new PriorsStage(fixture.dataCenter.archiver(), fixture.dataCenter.smime(), fixture.dataCenter.directory(),
                new Spool(fixture.dir.resolve("dc")), "datacenter@radpost.test", 5, Set.of(), Clock.systemUTC());
        fixture.dataCenter.database().sessionFactory().inTransaction(s -> {
            ReceivedMessage message = s.createSelectionQuery("from ReceivedMessage where studyUid = :u", ReceivedMessage.class)
                    .setParameter("u", org.radpost.wire.StudyUid.of(third.studyInstanceUid())).getSingleResult();
            try {
                again.run(s, message);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(fixture.count("select count(*) from delivery")).isEqualTo(queuedBefore);
    }

    /** Sends the study's images from {@code from} to {@code to}, waits for the pipeline; returns SOP UID to SHA-256. */
    private static Map<String, String> send(String from, SampleStudy study, int images, String to) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("studies").resolve(study.studyInstanceUid()));
        study.writeImages(folder, images);
        StudyBatch batch = new StudyScanner().scan(List.of(folder)).studies().get(0);
        for (Path eml : new MessageWriter().write(new Addressing(from, to, Priority.ROUTINE), batch,
                Files.createTempDirectory(dir, "out"))) {
            assertThat(fixture.submitter(from).submit(eml, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        drain();
        return batch.objects().stream().collect(Collectors.toMap(o -> o.summary().sopInstanceUid().value(),
                (PackagedObject o) -> o.sha256().hex()));
    }

    /** Waits until every queued message has gone through every stage, priors included. */
    private static void drain() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> fixture.count("select count(*) from message where state not in ('done', 'quarantined')") == 0);
    }

    private static List<MailboxReader.Fetched> fetch(String viewer) throws IOException {
        List<MailboxReader.Fetched> fetched = new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(),
                viewer, DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"),
                dir.resolve("mailbox").resolve(UUID.randomUUID().toString())).fetchAll();
        assertThat(fetched).as("every message in the mailbox reads as RadPost").allSatisfy(f -> assertThat(f.problem()).isEmpty());
        return fetched;
    }

    private static String studyOf(MailboxReader.Fetched fetched) {
        return fetched.message().studyUid().value();
    }

    /** The prior marker of a fetched message, read from its header block only; null when absent. */
    private static String priorFor(MailboxReader.Fetched fetched) {
        try (InputStream in = Files.newInputStream(fetched.file())) {
            return new InternetHeaders(in).getHeader(PriorsStage.PRIOR_FOR_HEADER, null);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot read the headers of " + fetched.file(), e);
        }
    }

    /** SOP Instance UID to the SHA-256 of the bytes that arrived, computed again from the extracted files. */
    private static Map<String, String> receivedChecksums(List<MailboxReader.Fetched> fetched) {
        return fetched.stream().flatMap(f -> f.message().objects().stream()).collect(Collectors.toMap(
                (ReceivedObject o) -> o.sopInstanceUid().value(), o -> {
                    try {
                        return Sha256.of(o.file()).hex();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
    }
}
