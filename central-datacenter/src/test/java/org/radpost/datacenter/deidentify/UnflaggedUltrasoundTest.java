package org.radpost.datacenter.deidentify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Ultrasound (and secondary capture) without a BurnedInAnnotation flag often shows the patient's name in its pixels:
 * {@code datacenter.deidentify.send-unflagged-sc-us} decides whether a de-identified viewer gets it; by default it
 * is withheld and the study's timeline says so.
 */
class UnflaggedUltrasoundTest {
    static final String RESEARCH_VIEWER = "research@radpost.test";
    @TempDir Path dir;
    DataCenterFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void unflaggedUltrasoundIsWithheldFromADeidentifiedViewerByDefaultAndTheOperatorReadsWhy() throws Exception {
        start(config -> config);
        assertThat(fixture.dataCenter.config().sendUnflaggedScUs()).isFalse();
        sendUltrasound();

        assertThat(dicomIn(RESEARCH_VIEWER)).isEmpty();
        assertThat(fixture.count("select count(*) from status_event where state = 'WITHHELD' and detail like '%ultrasound%"
                + "without a BurnedInAnnotation flag%'")).isEqualTo(2);
    }

    @Test
    void withTheSettingOnADeidentifiedViewerGetsUnflaggedUltrasoundDeidentified() throws Exception {
        start(config -> config.withUnflaggedScUs(true));
        sendUltrasound();

        assertThat(dicomIn(RESEARCH_VIEWER)).singleElement()
                .satisfies(f -> assertThat(f.message().objects()).hasSize(2));
        assertThat(fixture.count("select count(*) from status_event where state = 'WITHHELD'")).isZero();
        assertThat(fixture.count("select count(*) from status_event where state = 'DEIDENTIFIED'")).isEqualTo(1);
    }

    private void start(java.util.function.UnaryOperator<DatacenterConfig> settings) throws Exception {
        fixture = DataCenterFixture.start(dir, false, settings);
        fixture.dataCenter.directory().addViewer("r1", "Research reader", RESEARCH_VIEWER, DataCenterFixture.PASSWORD,
                AccessLevel.DEIDENTIFIED);
        fixture.dataCenter.directory().authorize("c1", "r1", null);
    }

    private void sendUltrasound() throws Exception {
        SampleStudy.of("US", "PID-5150", "Roe^Richard", "ACC-US1").writeImages(dir.resolve("study"), 2);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("study"), RESEARCH_VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
    }

    private List<MailboxReader.Fetched> dicomIn(String viewer) throws Exception {
        return new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), viewer, DataCenterFixture.PASSWORD,
                fixture.dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop")).fetchAll().stream()
                .filter(f -> f.message() != null && f.message().type().isDicom()).toList();
    }
}
