package org.radpost.viewer.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.extract.Extractor;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/** Priors are the patient's earlier studies: by date, and on the same date by time. */
class PriorsTest {
    @TempDir
    Path dir;

    private LocalDatabase database;
    private Studies studies;
    private Extractor extractor;
    private int messages;

    @BeforeEach
    void open() {
        database = LocalDatabase.open(dir.resolve("db"));
        studies = new Studies(database);
        extractor = new Extractor(new Inbox(database), new StudyIndex(database));
    }

    @AfterEach
    void close() {
        extractor.close();
        database.close();
    }

    @Test
    void twoStudiesOnTheSameDateAreNotEachOthersPriorsOnlyTheEarlierIsAPriorOfTheLater() throws Exception {
        StudyUid morning = receive("20261120", "081500");
        StudyUid afternoon = receive("20261120", "143000");
        StudyUid lastYear = receive("20251001", "090000");
        StudyUid sameDayNoTime = receive("20261120", "");

        assertThat(priors(afternoon)).containsExactly(morning, lastYear);
        assertThat(priors(morning)).containsExactly(lastYear);
        assertThat(priors(lastYear)).isEmpty();
        assertThat(priors(sameDayNoTime)).containsExactly(lastYear); // same day, order unknown: not a prior
    }

    private List<StudyUid> priors(StudyUid study) {
        return studies.priors(study).stream().map(StudyInfo::studyUid).toList();
    }

    /** One image of a new study of patient PID-PRIORS on the given date and time, fetched and indexed. */
    private StudyUid receive(String date, String time) throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-PRIORS", "ROE^ANN", "ACC-" + date + time);
        Path file = study.writeImages(dir.resolve("in-" + messages), 1).get(0);
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        DateAttribute studyDate = new DateAttribute(TagFromName.StudyDate);
        studyDate.addValue(date);
        list.put(studyDate);
        TimeAttribute studyTime = new TimeAttribute(TagFromName.StudyTime);
        if (!time.isEmpty()) {
            studyTime.addValue(time);
        }
        list.put(studyTime);
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        SopInstanceUid sop = SopInstanceUid.of(com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list,
                TagFromName.SOPInstanceUID));
        StudyUid uid = StudyUid.of(study.studyInstanceUid());
        ArrivedMessage message = new ArrivedMessage("<m" + (messages++) + "@center>", "center1@radpost.test",
                ObjectType.IMAGE, Optional.of(uid), Priority.ROUTINE, 1, 1, 1, Instant.now(), Optional.empty());
        new Inbox(database).record(message, List.of(new StoredObject(sop, ObjectType.IMAGE, file, Sha256.of(file),
                Files.size(file))));
        extractor.drain();
        return uid;
    }
}
