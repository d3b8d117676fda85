package org.radpost.viewer.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.Dciodvfy;
import org.radpost.viewer.dicom.PresentationTags;

class PresentationStateWriterTest {
    @TempDir
    Path dir;

    private final List<Shape> allKinds = List.of(
            new Shape(Shape.Kind.ARROW, List.of(new Point(10, 10), new Point(60, 60)), "lesion"),
            new Shape(Shape.Kind.LINE, List.of(new Point(20, 100), new Point(120, 100)), ""),
            new Shape(Shape.Kind.ELLIPSE, List.of(new Point(100, 100), new Point(160, 140)), ""),
            new Shape(Shape.Kind.TEXT, List.of(new Point(30, 200)), "see prior"));

    @Test
    void writesGrayscalePresentationStateThatReferencesTheImageAndPassesDciodvfy() throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path image = study.writeImages(dir.resolve("in"), 1).get(0);

        PresentationStateWriter.Written written = new PresentationStateWriter().write(image, allKinds, "Dr Reader", dir.resolve("out"));

        assertThat(Dciodvfy.errors(written.file())).isEmpty();
        AttributeList ps = new AttributeList();
        ps.read(written.file().toFile());
        AttributeList source = new AttributeList();
        source.read(image.toFile());
        assertThat(Attribute.getSingleStringValueOrEmptyString(ps, TagFromName.SOPClassUID))
                .isEqualTo(SOPClass.GrayscaleSoftcopyPresentationStateStorage);
        assertThat(Attribute.getSingleStringValueOrEmptyString(ps, TagFromName.StudyInstanceUID)).isEqualTo(study.studyInstanceUid());
        AttributeList annotation = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(
                (SequenceAttribute) ps.get(TagFromName.GraphicAnnotationSequence));
        AttributeList referenced = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(
                (SequenceAttribute) annotation.get(TagFromName.ReferencedImageSequence));
        assertThat(Attribute.getSingleStringValueOrEmptyString(referenced, TagFromName.ReferencedSOPInstanceUID))
                .isEqualTo(Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SOPInstanceUID));
        // arrow (shaft + head), line, ellipse
        assertThat(((SequenceAttribute) annotation.get(PresentationTags.GraphicObjectSequence)).getNumberOfItems()).isEqualTo(4);
        // arrow label, line measurement, text
        assertThat(((SequenceAttribute) annotation.get(PresentationTags.TextObjectSequence)).getNumberOfItems()).isEqualTo(3);
    }

    @Test
    void measuresLinesInMillimetresFromPixelSpacing() throws Exception {
        Path image = SampleStudy.ct().writeImages(dir.resolve("in"), 1).get(0); // Pixel Spacing 0.5\0.5
        List<Shape> line = List.of(new Shape(Shape.Kind.LINE, List.of(new Point(0, 0), new Point(30, 40)), ""));

        PresentationStateWriter.Written written = new PresentationStateWriter().write(image, line, "Dr Reader", dir);

        assertThat(written.measurements()).containsExactly("25.0 mm");
    }

    @Test
    void writesTheReadersNameInItsDicomComponents() throws Exception {
        Path image = SampleStudy.ct().writeImages(dir.resolve("in"), 1).get(0);

        PresentationStateWriter.Written written = new PresentationStateWriter().write(image,
                List.of(new Shape(Shape.Kind.TEXT, List.of(new Point(5, 5)), "x")), "Dr. Demo Radiologist", dir.resolve("ps"));

        com.pixelmed.dicom.AttributeList ps = new com.pixelmed.dicom.AttributeList();
        ps.read(written.file().toFile());
        assertThat(com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(ps,
                com.pixelmed.dicom.TagFromName.ContentCreatorName)).isEqualTo("Radiologist^Demo^^Dr.");
    }

    @Test
    void refusesShapesWithTheWrongNumberOfPoints() {
        assertThatThrownBy(() -> new Shape(Shape.Kind.LINE, List.of(new Point(1, 1)), ""))
                .hasMessageContaining("line needs 2 point(s)");
        assertThatThrownBy(() -> new Shape(Shape.Kind.TEXT, List.of(new Point(1, 1)), " "))
                .hasMessageContaining("needs some text");
    }
}
