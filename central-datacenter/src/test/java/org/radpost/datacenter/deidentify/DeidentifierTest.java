package org.radpost.datacenter.deidentify;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.TestDatabases;

class DeidentifierTest {
    private static final String NAME = "Doe^Jane";
    private static final String PATIENT_ID = "PID-778899";
    private static final List<String> IDENTIFIERS = List.of("DOE", "JANE", PATIENT_ID, "19700101", "Sunset Boulevard",
            "St. Elsewhere", "REFERRER", "ACC-5566", "OTHER-ID-42", "Operator^Olga", "Private Creator Name Doe");
    @TempDir Path dir;
    private DatabaseConfig config;
    private Database database;
    private DeidentificationMap map;
    private long centerId;

    @BeforeEach
    void open() {
        config = TestDatabases.freshMariaDb();
        database = Database.open(config, entities());
        map = new DeidentificationMap(database.sessionFactory(), Clock.systemUTC());
        Center center = new Directory(database.sessionFactory(), Clock.systemUTC())
                .addCenter("c1", "Center One", "center1@radpost.test", "secret");
        centerId = center.id();
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.drop(config);
    }

    @Test
    void deidentifiedObjectHoldsNoIdentifierInAnyAttributeSequencesAndPrivateTagsIncluded() throws Exception {
        SampleStudy study = SampleStudy.of("CT", PATIENT_ID, NAME, "ACC-5566");
        Path original = identifying(study.writeImage(dir));

        DeidentifyOutcome outcome = new Deidentifier(map, false).deidentify(original, centerId, dir.resolve("out/1.dcm"));

        DeidentifyOutcome.Deidentified copy = (DeidentifyOutcome.Deidentified) outcome;
        AttributeList list = read(copy.file());
        List<String> values = new ArrayList<>();
        collect(list, values);
        for (String identifier : IDENTIFIERS) {
            assertThat(values).as("no attribute holds '%s'", identifier)
                    .noneMatch(v -> v.toUpperCase().contains(identifier.toUpperCase()));
        }
        assertThat(values).noneMatch(v -> v.contains(study.studyInstanceUid()));
        assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientIdentityRemoved)).isEqualTo("YES");
        assertThat(((SequenceAttribute) list.get(TagFromName.DeidentificationMethodCodeSequence)).getNumberOfItems()).isGreaterThan(0);
        assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID)).isEqualTo(copy.pseudonym());
        assertThat(list.get(TagFromName.PixelData).getShortValues()).isEqualTo(read(original).get(TagFromName.PixelData).getShortValues());
    }

    @Test
    void objectsOfOneStudyStillHangTogetherAndTheMapSurvivesARestart() throws Exception {
        SampleStudy study = SampleStudy.of("CT", PATIENT_ID, NAME, "ACC-5566");
        Path first = study.writeImage(dir);
        Path second = study.writeImage(dir);
        Deidentifier deidentifier = new Deidentifier(map, false);
        var a = (DeidentifyOutcome.Deidentified) deidentifier.deidentify(first, centerId, dir.resolve("out/a.dcm"));
        var b = (DeidentifyOutcome.Deidentified) deidentifier.deidentify(second, centerId, dir.resolve("out/b.dcm"));

        assertThat(a.studyInstanceUid()).isEqualTo(b.studyInstanceUid()).isNotEqualTo(study.studyInstanceUid()).startsWith("2.25.");
        assertThat(a.sopInstanceUid()).isNotEqualTo(b.sopInstanceUid());
        assertThat(a.pseudonym()).isEqualTo(b.pseudonym());
        assertThat(Attribute.getSingleStringValueOrEmptyString(read(a.file()), TagFromName.SeriesInstanceUID))
                .isEqualTo(Attribute.getSingleStringValueOrEmptyString(read(b.file()), TagFromName.SeriesInstanceUID));

        database.close();
        database = Database.open(config, entities());
        DeidentificationMap reopened = new DeidentificationMap(database.sessionFactory(), Clock.systemUTC());
        var again = (DeidentifyOutcome.Deidentified) new Deidentifier(reopened, false).deidentify(first, centerId, dir.resolve("out/c.dcm"));
        assertThat(again.studyInstanceUid()).isEqualTo(a.studyInstanceUid());
        assertThat(again.sopInstanceUid()).isEqualTo(a.sopInstanceUid());
        assertThat(again.pseudonym()).isEqualTo(a.pseudonym());
        assertThat(reopened.originalOf(a.studyInstanceUid())).contains(study.studyInstanceUid());
    }

    @Test
    void aUidLongerThanDicomAllowsIsStillRemappedToAValidOne() throws Exception {
        // Real-world software writes UIDs over the 64 characters PS3.5 allows (a fresh-clone run met a 65-character
        // Frame of Reference UID); the map must hold it, not fail the de-identify stage until the message is FAILED.
        String longUid = "1.3.6.1.4.1.5962.99.1.845168487.1442809806.1796141530983.1040.0.1";
        Path file = rewrite(SampleStudy.ct().writeImage(dir), list -> put(list,
                new UniqueIdentifierAttribute(TagFromName.FrameOfReferenceUID), longUid));

        var copy = (DeidentifyOutcome.Deidentified) new Deidentifier(map, false).deidentify(file, centerId, dir.resolve("out/long.dcm"));

        String replaced = Attribute.getSingleStringValueOrEmptyString(read(copy.file()), TagFromName.FrameOfReferenceUID);
        assertThat(replaced).isNotEqualTo(longUid).hasSizeLessThanOrEqualTo(64);
        assertThat(map.originalOf(replaced)).contains(longUid);
    }

    @Test
    void objectsThatMayShowIdentityInTheirPixelsAreWithheld() throws Exception {
        SampleStudy study = SampleStudy.of("CT", PATIENT_ID, NAME, "ACC-5566");
        Path flagged = rewrite(study.writeImage(dir), list -> put(list, new CodeStringAttribute(TagFromName.BurnedInAnnotation), "YES"));
        Path secondaryCapture = rewrite(study.writeImage(dir), list -> {
            put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), SOPClass.SecondaryCaptureImageStorage);
            put(list, new UniqueIdentifierAttribute(TagFromName.MediaStorageSOPClassUID), SOPClass.SecondaryCaptureImageStorage);
        });

        assertThat(new Deidentifier(map, false).deidentify(flagged, centerId, dir.resolve("out/f.dcm")))
                .isInstanceOfSatisfying(DeidentifyOutcome.Withheld.class, w -> assertThat(w.reason()).contains("BurnedInAnnotation YES"));
        assertThat(new Deidentifier(map, false).deidentify(secondaryCapture, centerId, dir.resolve("out/s.dcm")))
                .isInstanceOfSatisfying(DeidentifyOutcome.Withheld.class, w -> assertThat(w.reason()).contains("secondary capture"));
        assertThat(new Deidentifier(map, true).deidentify(secondaryCapture, centerId, dir.resolve("out/s.dcm")))
                .isInstanceOf(DeidentifyOutcome.Deidentified.class);
        assertThat(dir.resolve("out/f.dcm")).doesNotExist();
    }

    @Test
    void anOverlayFromADeidentifiedViewerIsReidentifiedAndRelatesToTheOriginalImage() throws Exception {
        SampleStudy study = SampleStudy.of("CT", PATIENT_ID, NAME, "ACC-5566");
        Path image = study.writeImage(dir);
        String imageUid = Attribute.getSingleStringValueOrEmptyString(read(image), TagFromName.SOPInstanceUID);
        Deidentifier deidentifier = new Deidentifier(map, false);
        var seen = (DeidentifyOutcome.Deidentified) deidentifier.deidentify(image, centerId, dir.resolve("out/image.dcm"));
        // What the viewer sends back: an overlay in the de-identified study, on the de-identified image.
        Path overlay = study.writePresentationState(dir, imageUid);
        var fromViewer = (DeidentifyOutcome.Deidentified) deidentifier.deidentify(overlay, centerId, dir.resolve("out/overlay.dcm"));
        assertThat(fromViewer.studyInstanceUid()).isEqualTo(seen.studyInstanceUid());

        Path back = dir.resolve("back/overlay.dcm");
        new Reidentifier(map).reidentify(fromViewer.file(), read(image), back);

        AttributeList list = read(back);
        assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID)).isEqualTo(study.studyInstanceUid());
        assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientName)).isEqualTo(NAME);
        assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID)).isEqualTo(PATIENT_ID);
        assertThat(list.get(TagFromName.PatientIdentityRemoved)).isNull();
        SequenceAttribute series = (SequenceAttribute) list.get(TagFromName.ReferencedSeriesSequence);
        SequenceAttribute images = (SequenceAttribute) series.getItem(0).getAttributeList().get(TagFromName.ReferencedImageSequence);
        assertThat(Attribute.getSingleStringValueOrEmptyString(images.getItem(0).getAttributeList(), TagFromName.ReferencedSOPInstanceUID))
                .isEqualTo(imageUid);
    }

    private static List<Class<?>> entities() {
        return DataCenter.ENTITIES;
    }

    /** Adds identifying data where a careless de-identifier would miss it: addresses, sequences, private tags. */
    private Path identifying(Path file) throws Exception {
        return rewrite(file, list -> {
            put(list, new LongStringAttribute(TagFromName.InstitutionName), "St. Elsewhere Hospital");
            put(list, new ShortTextAttribute(TagFromName.InstitutionAddress), "1 Sunset Boulevard");
            put(list, new LongStringAttribute(TagFromName.PatientAddress), "2 Sunset Boulevard");
            put(list, new LongStringAttribute(TagFromName.OtherPatientIDs), "OTHER-ID-42");
            put(list, new PersonNameAttribute(TagFromName.OperatorsName), "Operator^Olga");
            SequenceAttribute request = new SequenceAttribute(TagFromName.RequestAttributesSequence);
            AttributeList item = new AttributeList();
            put(item, new ShortStringAttribute(TagFromName.AccessionNumber), "ACC-5566");
            put(item, new PersonNameAttribute(TagFromName.ScheduledPerformingPhysicianName), "Doe^Jane");
            put(item, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID),
                    Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID));
            request.addItem(item);
            list.put(request);
            put(list, new LongStringAttribute(new AttributeTag(0x0009, 0x0010)), "ACME 1.0");
            put(list, new LongStringAttribute(new AttributeTag(0x0009, 0x1001)), "Private Creator Name Doe");
        });
    }

    interface Edit {
        void apply(AttributeList list) throws DicomException;
    }

    private static Path rewrite(Path file, Edit edit) throws Exception {
        AttributeList list = read(file);
        String ts = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        edit.apply(list);
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, ts, "TEST");
        list.write(file.toFile(), ts, true, true);
        return file;
    }

    private static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }

    private static AttributeList read(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return list;
    }

    private static void collect(AttributeList list, List<String> values) throws DicomException {
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    collect(sequence.getItem(i).getAttributeList(), values);
                }
            } else if (attribute.getTag().equals(TagFromName.PixelData)) {
                continue;
            } else if (com.pixelmed.dicom.ValueRepresentation.isOtherByteOrWordVR(attribute.getVR())
                    || com.pixelmed.dicom.ValueRepresentation.isUnknownVR(attribute.getVR())) {
                // Binary values can hide text too (private blocks, unknown VRs): read them as Latin-1.
                values.add(new String(attribute.getByteValues(), java.nio.charset.StandardCharsets.ISO_8859_1));
            } else {
                String[] strings = attribute.getStringValues();
                if (strings != null) {
                    values.addAll(List.of(strings));
                }
            }
        }
    }
}
