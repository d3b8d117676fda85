package org.radpost.datacenter.deidentify;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnlimitedTextAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * A report from a de-identified viewer, over real SMTPS and POP3S: the data center delivers pseudonymous copies,
 * the viewer reports on them, and the center that sent the study receives the report with the real patient and
 * the original UIDs (referenced ones inside sequences too); a report about UIDs the data center never gave out is
 * refused with its own reason.
 */
class ReidentifiedResultsTest {
    static final String RESEARCH_VIEWER = "research@radpost.test";
    static final String NAME = "Doe^Jane";
    static final String PATIENT_ID = "PID-424242";
    @TempDir Path dir;
    DataCenterFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        fixture.dataCenter.directory().addViewer("r1", "Research reader", RESEARCH_VIEWER, DataCenterFixture.PASSWORD,
                AccessLevel.DEIDENTIFIED);
        fixture.dataCenter.directory().authorize("c1", "r1", null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aReportFromADeidentifiedViewerReachesTheCenterWithThePatientAndTheOriginalUids() throws Exception {
        SampleStudy study = SampleStudy.of("CT", PATIENT_ID, NAME, "ACC-777");
        List<Path> images = study.writeImages(dir.resolve("study"), 2);
        AttributeList originalImage = read(images.get(0));
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("study"), RESEARCH_VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        ReceivedObject seen = fetch(RESEARCH_VIEWER, 1).get(0).message().objects().get(0);
        AttributeList pseudonymous = read(seen.file());
        assertThat(uid(pseudonymous, TagFromName.StudyInstanceUID)).isNotEqualTo(study.studyInstanceUid());

        Path reportFile = reportOn(pseudonymous, uid(pseudonymous, TagFromName.SOPInstanceUID), dir.resolve("report"));
        String reportUid = uid(read(reportFile), TagFromName.SOPInstanceUID);
        assertThat(fixture.submitter(RESEARCH_VIEWER).submit(packageReport(reportFile), n -> { }))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        List<MailboxReader.Fetched> atCenter = fetch(DataCenterFixture.CENTER, 1).stream()
                .filter(f -> f.message() != null && f.message().type() == ObjectType.REPORT).toList();
        assertThat(atCenter).singleElement().satisfies(f -> {
            assertThat(f.message().studyUid().value()).isEqualTo(study.studyInstanceUid());
            assertThat(Files.readString(f.file(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain(uid(pseudonymous, TagFromName.StudyInstanceUID));
        });
        AttributeList report = read(atCenter.get(0).message().objects().get(0).file());
        assertThat(uid(report, TagFromName.SOPInstanceUID)).isEqualTo(reportUid);
        assertThat(uid(report, TagFromName.StudyInstanceUID)).isEqualTo(study.studyInstanceUid());
        assertThat(uid(report, TagFromName.PatientName)).isEqualTo(NAME);
        assertThat(uid(report, TagFromName.PatientID)).isEqualTo(PATIENT_ID);
        assertThat(uid(report, TagFromName.AccessionNumber)).isEqualTo("ACC-777");
        assertThat(report.get(TagFromName.PatientIdentityRemoved)).isNull();
        AttributeList evidence = item(report, TagFromName.CurrentRequestedProcedureEvidenceSequence);
        assertThat(uid(evidence, TagFromName.StudyInstanceUID)).isEqualTo(study.studyInstanceUid());
        AttributeList series = item(evidence, TagFromName.ReferencedSeriesSequence);
        assertThat(uid(series, TagFromName.SeriesInstanceUID)).isEqualTo(uid(originalImage, TagFromName.SeriesInstanceUID));
        assertThat(uid(item(series, TagFromName.ReferencedSOPSequence), TagFromName.ReferencedSOPInstanceUID))
                .isIn(images.stream().map(p -> uid(read(p), TagFromName.SOPInstanceUID)).toList());
        // Indexed against the original study, and the pseudonymous study never became a study of its own.
        assertThat(fixture.count("select count(*) from instance i join study s on s.id = i.study_id where s.study_uid = '"
                + study.studyInstanceUid() + "' and i.sop_instance_uid = '" + reportUid + "'")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from study")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from status_event where state = 'REPORTED' and study_uid = '"
                + study.studyInstanceUid() + "'")).isPositive();
    }

    @Test
    void aReportReferencingAnImageTheDataCenterNeverSentIsRefusedWithItsReason() throws Exception {
        SampleStudy study = SampleStudy.of("CT", PATIENT_ID, NAME, "ACC-778");
        study.writeImages(dir.resolve("study"), 1);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("study"), RESEARCH_VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        AttributeList pseudonymous = read(fetch(RESEARCH_VIEWER, 1).get(0).message().objects().get(0).file());

        String madeUp = new UIDGenerator().getAnotherNewUID();
        Path reportFile = reportOn(pseudonymous, madeUp, dir.resolve("report"));
        SubmitOutcome outcome = fixture.submitter(RESEARCH_VIEWER).submit(packageReport(reportFile), n -> { });

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.serverText()).contains("unknown-deidentified-uid").contains(madeUp);
            assertThat(f.serverText()).doesNotContain(study.studyInstanceUid());
        });
        assertThat(fixture.count("select count(*) from instance where object_type = 'REPORT'")).isZero();
    }

    @Test
    void aViewedReceiptFromADeidentifiedViewerReachesTheCenterAboutTheOriginalStudyAndImages() throws Exception {
        SampleStudy study = SampleStudy.of("CT", PATIENT_ID, NAME, "ACC-779");
        List<Path> images = study.writeImages(dir.resolve("study"), 2);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve("study"), RESEARCH_VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        var seen = fetch(RESEARCH_VIEWER, 1).get(0).message();

        Path viewed = dir.resolve("viewed.eml");
        new org.radpost.wire.receipt.ReceiptWriter().write(new org.radpost.wire.receipt.Receipt(
                org.radpost.wire.receipt.ReceiptStatus.VIEWED, RESEARCH_VIEWER, fixture.dataCenter.config().dataCenterAddress(),
                seen.studyUid(), seen.messageId(), "", "", seen.objects().stream()
                        .map(o -> org.radpost.wire.receipt.ReceiptEntry.of(ObjectType.IMAGE, o.sopInstanceUid())).toList(),
                java.time.Instant.now()), viewed);
        assertThat(fixture.submitter(RESEARCH_VIEWER).submit(viewed, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        MailboxReader reader = new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), DataCenterFixture.CENTER,
                DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop"));
        List<org.radpost.wire.receipt.Receipt> viewedAtCenter = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            reader.fetchAll().stream().filter(f -> f.message() != null).flatMap(f -> f.message().receipt().stream())
                    .filter(r -> r.status() == org.radpost.wire.receipt.ReceiptStatus.VIEWED).forEach(viewedAtCenter::add);
            return !viewedAtCenter.isEmpty();
        });
        assertThat(viewedAtCenter.get(0).studyUid().value()).isEqualTo(study.studyInstanceUid());
        assertThat(viewedAtCenter.get(0).objects()).extracting(e -> e.sopInstanceUid().value())
                .containsExactlyInAnyOrderElementsOf(images.stream().map(p -> uid(read(p), TagFromName.SOPInstanceUID)).toList());
        assertThat(fixture.count("select count(*) from status_event where state = 'VIEWED' and study_uid = '"
                + study.studyInstanceUid() + "'")).isEqualTo(1);
    }

    /** A Basic Text SR such as a viewer writes about the (pseudonymous) study it saw, naming one image as evidence. */
    private static Path reportOn(AttributeList image, String evidenceImageUid, Path folder) throws Exception {
        AttributeList sr = new AttributeList();
        for (var tag : List.of(TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate, TagFromName.PatientSex,
                TagFromName.StudyInstanceUID, TagFromName.StudyDate, TagFromName.StudyTime, TagFromName.AccessionNumber,
                TagFromName.StudyID, TagFromName.ReferringPhysicianName)) {
            if (image.get(tag) != null) {
                sr.put(image.get(tag));
            }
        }
        String uid = new UIDGenerator().getAnotherNewUID();
        put(sr, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), SOPClass.BasicTextSRStorage);
        put(sr, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), uid);
        put(sr, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), new UIDGenerator().getAnotherNewUID());
        put(sr, new CodeStringAttribute(TagFromName.Modality), "SR");
        put(sr, new CodeStringAttribute(TagFromName.ValueType), "CONTAINER");
        put(sr, new CodeStringAttribute(TagFromName.CompletionFlag), "COMPLETE");
        put(sr, new CodeStringAttribute(TagFromName.VerificationFlag), "UNVERIFIED");
        put(sr, new UnlimitedTextAttribute(TagFromName.TextValue), "Findings: none. Impression: normal study.");
        AttributeList sop = new AttributeList();
        put(sop, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPClassUID), uid(image, TagFromName.SOPClassUID));
        put(sop, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPInstanceUID), evidenceImageUid);
        AttributeList series = new AttributeList();
        put(series, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), uid(image, TagFromName.SeriesInstanceUID));
        series.put(sequence(TagFromName.ReferencedSOPSequence, sop));
        AttributeList evidence = new AttributeList();
        put(evidence, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), uid(image, TagFromName.StudyInstanceUID));
        evidence.put(sequence(TagFromName.ReferencedSeriesSequence, series));
        sr.put(sequence(TagFromName.CurrentRequestedProcedureEvidenceSequence, evidence));
        Files.createDirectories(folder);
        Path file = folder.resolve(uid + ".dcm");
        FileMetaInformation.addFileMetaInformation(sr, TransferSyntax.ExplicitVRLittleEndian, "TESTVIEWER");
        sr.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    private Path packageReport(Path reportFile) throws Exception {
        StudyBatch batch = new StudyScanner().scan(List.of(reportFile)).studies().get(0);
        return new MessageWriter().write(new Addressing(RESEARCH_VIEWER, DataCenterFixture.CENTER, Priority.ROUTINE), batch,
                Files.createTempDirectory(dir, "out")).get(0);
    }

    private List<MailboxReader.Fetched> fetch(String account, int atLeast) throws Exception {
        MailboxReader reader = new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), account,
                DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop"));
        List<MailboxReader.Fetched> fetched = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            reader.fetchAll().stream().filter(f -> f.message() != null && f.message().type().isDicom()).forEach(fetched::add);
            return fetched.size() >= atLeast;
        });
        return fetched;
    }

    private static AttributeList item(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return ((SequenceAttribute) list.get(tag)).getItem(0).getAttributeList();
    }

    private static SequenceAttribute sequence(com.pixelmed.dicom.AttributeTag tag, AttributeList item) {
        SequenceAttribute s = new SequenceAttribute(tag);
        s.addItem(item);
        return s;
    }

    private static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }

    private static String uid(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    private static AttributeList read(Path file) {
        try {
            AttributeList list = new AttributeList();
            list.read(file.toString());
            return list;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
