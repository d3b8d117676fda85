package org.radpost.viewer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.Dciodvfy;

class BasicTextSrWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesBasicTextSrWithFindingsAndImpressionThatPassesDciodvfy() throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path image = study.writeImages(dir.resolve("in"), 1).get(0);

        BasicTextSrWriter.Written written = new BasicTextSrWriter().write(image,
                new ReportDraft("Small nodule in the right upper lobe.", "No acute findings."), "Dr Reader", dir.resolve("out"));

        assertThat(Dciodvfy.errors(written.file())).isEmpty();
        AttributeList sr = new AttributeList();
        sr.read(written.file().toFile());
        assertThat(Attribute.getSingleStringValueOrEmptyString(sr, TagFromName.SOPClassUID)).isEqualTo(SOPClass.BasicTextSRStorage);
        assertThat(Attribute.getSingleStringValueOrEmptyString(sr, TagFromName.StudyInstanceUID)).isEqualTo(study.studyInstanceUid());
        String text = Files.readString(written.text());
        assertThat(text).contains("DIAGNOSTIC IMAGING REPORT", "Findings", "Small nodule in the right upper lobe.",
                "Impressions", "No acute findings.", "Person Observer Name: Dr Reader", "DOE JANE");
    }

    @Test
    void writesTheReadersNameInItsDicomComponents() throws Exception {
        Path image = SampleStudy.ct().writeImages(dir.resolve("in"), 1).get(0);

        BasicTextSrWriter.Written written = new BasicTextSrWriter().write(image, new ReportDraft("f", "i"),
                "Dr. Demo Radiologist", dir.resolve("out"));

        AttributeList sr = new AttributeList();
        sr.read(written.file().toFile());
        com.pixelmed.dicom.ContentItem observer = (com.pixelmed.dicom.ContentItem)
                ((com.pixelmed.dicom.ContentItem) new com.pixelmed.dicom.StructuredReport(sr).getRoot()).getChildAt(0);
        assertThat(observer.getConceptNameCodeMeaning()).isEqualTo("Person Observer Name");
        assertThat(observer.getConceptValue()).isEqualTo("Radiologist^Demo^^Dr."); // family^given^middle^prefix
        assertThat(Files.readString(written.text())).contains("Person Observer Name: Dr. Demo Radiologist");
    }

    @Test
    void refusesAReportWithoutImpression() {
        assertThatThrownBy(() -> new ReportDraft("findings", "  ")).hasMessageContaining("both findings and an impression");
    }
}
