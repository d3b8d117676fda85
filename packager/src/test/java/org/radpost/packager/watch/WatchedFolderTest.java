package org.radpost.packager.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.build.MessageWriter;
import org.radpost.testkit.MutableClock;
import org.radpost.packager.outbox.Outbox;
import org.radpost.packager.outbox.OutboxEntry;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.packager.outbox.RetryPolicy;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SampleMessages;

class WatchedFolderTest {
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration STABLE = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private Path drop;
    private MutableClock clock;
    private Outbox outbox;
    private WatchedFolder watched;

    @BeforeEach
    void setUp() throws IOException {
        drop = dir.resolve("drop");
        clock = new MutableClock(Instant.parse("2026-11-20T08:00:00Z"));
        outbox = Outbox.open(dir.resolve("outbox"), clock, RetryPolicy.DEFAULT);
        watched = new WatchedFolder(drop, QUIET, STABLE, packager(outbox), clock);
    }

    @Test
    void forwardsEachStudyOnlyOnceItHasBeenQuietAndMovesItsFilesToSent() throws IOException {
        SampleStudy ct = SampleStudy.ct();
        SampleStudy mr = SampleStudy.of("MR", "PID-2", "ROE^RICHARD", "ACC-2");
        ct.writeImages(drop.resolve("modality-a"), 3);
        mr.writeImages(drop, 2);

        assertThat(watched.poll().forwarded()).isEmpty();          // first sight: not yet stable
        clock.advance(STABLE);
        assertThat(watched.poll().forwarded()).isEmpty();          // stable, grouped, not quiet yet
        assertThat(watched.waiting()).hasSize(2);

        clock.advance(Duration.ofSeconds(5));
        ct.writeImages(drop.resolve("modality-a-later"), 1);       // the CT study is still arriving
        watched.poll();
        clock.advance(STABLE);
        watched.poll();
        clock.advance(QUIET.minus(STABLE).minusSeconds(5));
        PollResult mrQuiet = watched.poll();
        assertThat(mrQuiet.forwarded()).singleElement()
                .satisfies(r -> assertThat(r.scan().studies().get(0).studyUid().value()).isEqualTo(mr.studyInstanceUid()));

        clock.advance(Duration.ofSeconds(6));
        assertThat(watched.poll().forwarded()).as("CT's last file came 9 s ago").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        PollResult ctQuiet = watched.poll();
        assertThat(ctQuiet.forwarded()).singleElement().satisfies(r -> assertThat(r.scan().objectCount()).isEqualTo(4));

        List<OutboxEntry> queued = outbox.list();
        assertThat(queued).extracting(OutboxEntry::studyUid)
                .containsExactlyInAnyOrder(mr.studyInstanceUid(), ct.studyInstanceUid());
        assertThat(filesUnder(drop.resolve(WatchedFolder.SENT).resolve(ct.studyInstanceUid()))).hasSize(4);
        assertThat(filesUnder(drop.resolve(WatchedFolder.SENT).resolve(mr.studyInstanceUid()))).hasSize(2);
        assertThat(watched.waiting()).isEmpty();
        assertThat(watched.poll().forwarded()).as("nothing is sent twice").isEmpty();
    }

    @Test
    void aFileStillBeingWrittenIsLeftAloneUntilItIsStableOrRenamedFromPart() throws IOException {
        Path image = SampleStudy.ct().writeImages(dir.resolve("elsewhere"), 1).get(0);
        byte[] bytes = Files.readAllBytes(image);
        Path growing = drop.resolve("growing.dcm");
        Files.write(growing, java.util.Arrays.copyOf(bytes, 1000));
        Path part = drop.resolve("copying.dcm.part");
        Files.copy(image, part);

        watched.poll();
        clock.advance(STABLE.minusSeconds(1));
        Files.write(growing, bytes);                              // still growing: the stability clock restarts
        watched.poll();
        clock.advance(STABLE);
        watched.poll();
        assertThat(watched.waiting().values()).as("the grown file was read whole, the .part ignored").containsExactly(1);
        assertThat(Files.exists(part)).isTrue();
        assertThat(filesUnder(drop.resolve(WatchedFolder.FAILED))).isEmpty();

        Files.move(part, drop.resolve("copied.dcm"));
        clock.advance(STABLE);
        watched.poll();
        clock.advance(STABLE);
        watched.poll();
        assertThat(watched.waiting().values()).containsExactly(2);  // same SOP UID twice: scanner sends it once
    }

    @Test
    void badFilesGoToFailedWithTheReasonAndTheStudyStillGoes() throws IOException {
        SampleStudy ct = SampleStudy.ct();
        List<Path> images = ct.writeImages(drop, 2);
        Files.writeString(drop.resolve("notes.txt"), "not a DICOM file at all");
        byte[] whole = Files.readAllBytes(images.get(1));
        Files.write(drop.resolve("truncated.dcm"), java.util.Arrays.copyOf(whole, 300));

        watched.poll();
        clock.advance(STABLE);
        PollResult result = watched.poll();
        clock.advance(QUIET);
        PollResult forwarded = watched.poll();

        assertThat(result.failed()).hasSize(2);
        Path failed = drop.resolve(WatchedFolder.FAILED);
        assertThat(Files.readString(failed.resolve("notes.txt.reason.txt"))).contains("notes.txt").contains("not a DICOM");
        assertThat(Files.readString(failed.resolve("truncated.dcm.reason.txt"))).contains("truncated.dcm");
        assertThat(forwarded.forwarded()).singleElement().satisfies(r -> assertThat(r.scan().objectCount()).isEqualTo(2));
        assertThat(outbox.list()).isNotEmpty();
    }

    @Test
    void aFileTakenAwayBeforeItsStudyWasSentIsReportedAndTheRestStillGoes() throws IOException {
        List<Path> images = SampleStudy.ct().writeImages(drop, 3);
        watched.poll();
        clock.advance(STABLE);
        watched.poll();
        Files.delete(images.get(0));
        clock.advance(QUIET);

        PollResult result = watched.poll();

        assertThat(result.forwarded()).singleElement().satisfies(r -> assertThat(r.scan().objectCount()).isEqualTo(2));
        assertThat(result.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("removed"));
        assertThat(watched.poll().failed()).as("not reported again").isEmpty();
    }

    @Test
    void inTheBackgroundItForwardsAQuietStudyByItself() throws IOException {
        Outbox realTimeOutbox = Outbox.open(dir.resolve("outbox2"));
        Path realDrop = dir.resolve("drop2");
        try (WatchedFolder background = new WatchedFolder(realDrop, Duration.ofMillis(300), Duration.ofMillis(100),
                packager(realTimeOutbox), Clock.systemUTC())) {
            background.start(Duration.ofMillis(50));
            SampleStudy.ct().writeImages(realDrop, 3);

            await().atMost(Duration.ofSeconds(10)).until(() -> !realTimeOutbox.list().isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> filesUnder(realDrop.resolve(WatchedFolder.SENT)).size() == 3);
        }
    }

    private static OutboxPackager packager(Outbox outbox) {
        return new OutboxPackager(outbox, new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP), SampleMessages.ADDRESSING);
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
