package org.radpost.datacenter.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.wire.Priority;
import org.radpost.testkit.SampleObjects;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SubmitOutcome;

class CompletenessCheckTest {
    @TempDir
    static Path dir;

    static DataCenterFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aStudyWhosePartsStopArrivingGetsOneResendRequestAndCompletesWhenTheRestArrives() throws Exception {
        SampleStudy study = SampleStudy.ct().size(256, 256);
        study.writeImages(dir.resolve("study"), 4);
        List<Path> parts = fixture.packageStudy(dir.resolve("study"), DataCenterFixture.VIEWER, Priority.ROUTINE, 300 * 1024);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(fixture.send(parts.get(0))).isInstanceOf(SubmitOutcome.Sent.class);
        String uid = study.studyInstanceUid();

        CompletenessCheck soon = check(Instant.now().plus(Duration.ofMinutes(5)));
        CompletenessCheck later = check(Instant.now().plus(Duration.ofHours(2)));

        assertThat(soon.run()).as("still within the quiet timeout").isZero();
        assertThat(later.run()).isEqualTo(1);
        assertThat(later.run()).as("one request per study").isZero();
        assertThat(fixture.count("select count(*) from status_event where study_uid = '" + uid + "' and state = 'RESEND_REQUESTED'")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + uid + "' and kind = 'RECEIPT'"
                + " and mailbox = 'center1@radpost.test'")).as("accepted + resend request").isGreaterThanOrEqualTo(2);

        for (Path part : parts.subList(1, parts.size())) {
            assertThat(fixture.send(part)).isInstanceOf(SubmitOutcome.Sent.class);
        }
        later.run();
        assertThat(fixture.count("select count(*) from study where study_uid = '" + uid + "' and state = 'COMPLETE'")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"report alone", "CT and its dose SR", "RT plan alone", "ECG and PDF", "CT, key object and SR"})
    void aStudyWhoseObjectsAllArrivedIsCompleteWhateverTheirTypeAndGetsNoResendRequest(String kind) throws Exception {
        SampleStudy study = SampleStudy.ct().size(64, 64);
        SampleObjects objects = new SampleObjects(study);
        Path folder = dir.resolve("study-" + kind.replace(' ', '-').replace(",", ""));
        Files.createDirectories(folder);
        switch (kind) {
            case "report alone" -> objects.writeBasicTextSr(folder, "No acute findings.");
            case "CT and its dose SR" -> {
                study.writeImages(folder, 1);
                objects.writeBasicTextSr(folder, "CTDIvol 12.3 mGy; DLP 456 mGy.cm.");
            }
            case "RT plan alone" -> objects.writeRtPlan(folder, 3);
            case "ECG and PDF" -> {
                objects.writeTwelveLeadEcg(folder);
                objects.writeEncapsulatedPdf(folder);
            }
            default -> {
                Path image = study.writeImages(folder, 2).get(0);
                objects.writeKeyObjectSelection(folder, new org.radpost.wire.dicom.DicomHeaderReader().read(image).sopInstanceUid().value());
                objects.writeBasicTextSr(folder, "Two nodules, see key images.");
            }
        }
        List<Path> parts = fixture.packageStudy(folder, DataCenterFixture.VIEWER, Priority.ROUTINE);
        for (Path part : parts) {
            assertThat(fixture.send(part)).as(kind).isInstanceOf(SubmitOutcome.Sent.class);
        }
        String uid = study.studyInstanceUid();

        int requests = check(Instant.now().plus(Duration.ofHours(2))).run();

        assertThat(fixture.count("select count(*) from status_event where study_uid = '" + uid + "' and state = 'RESEND_REQUESTED'"))
                .as("no resend request for a %s study that arrived whole", kind).isZero();
        assertThat(fixture.count("select count(*) from study where study_uid = '" + uid + "' and state = 'COMPLETE'")).isEqualTo(1);
        assertThat(requests).isZero();
    }

    private CompletenessCheck check(Instant now) throws Exception {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        var sessions = fixture.dataCenter.database().sessionFactory();
        return new CompletenessCheck(sessions, fixture.dataCenter.directory(),
                new ReceiptMailer(new Spool(dir.resolve("dc")), "datacenter@radpost.test", clock), new Tracker(clock), clock,
                Duration.ofMinutes(30));
    }
}
