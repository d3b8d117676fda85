package org.radpost.viewer.report;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import org.radpost.viewer.dicom.Dicom;
import org.radpost.viewer.dicom.PersonName;

/** Renders any DICOM SR as readable text: a header with patient and study, then its content tree as headings. */
public final class SrText {
    private SrText() {}

    /** The text of the SR file; a file that cannot be read yields a sentence saying so. */
    public static String of(Path file) {
        try {
            AttributeList list = new AttributeList();
            list.read(file.toFile());
            return of(list);
        } catch (IOException | DicomException e) {
            return "(this report cannot be read: " + e.getMessage() + ")";
        }
    }

    public static String of(AttributeList list) throws DicomException {
        StringBuilder out = new StringBuilder();
        out.append("Patient: ").append(Dicom.string(list, TagFromName.PatientName).replace('^', ' '))
                .append(" (").append(Dicom.string(list, TagFromName.PatientID)).append(")\n");
        out.append("Accession: ").append(Dicom.string(list, TagFromName.AccessionNumber))
                .append("   Study date: ").append(Dicom.string(list, TagFromName.StudyDate))
                .append("   ").append(Dicom.string(list, TagFromName.StudyDescription)).append('\n');
        out.append("Report date: ").append(Dicom.string(list, TagFromName.ContentDate)).append(' ')
                .append(Dicom.string(list, TagFromName.ContentTime)).append("   Status: ")
                .append(Dicom.string(list, TagFromName.CompletionFlag)).append('/')
                .append(Dicom.string(list, TagFromName.VerificationFlag)).append("\n\n");
        ContentItem root = (ContentItem) new StructuredReport(list).getRoot();
        append(out, root, 0);
        return out.toString();
    }

    private static void append(StringBuilder out, ContentItem item, int depth) {
        String name = item.getConceptNameCodeMeaning();
        String value = item.getConceptValue();
        if ("CONTAINER".equals(item.getValueType())) {
            out.append(depth == 0 ? name.toUpperCase(java.util.Locale.ROOT) : name).append('\n');
        } else if ("TEXT".equals(item.getValueType())) {
            out.append(value).append("\n");
        } else if ("PNAME".equals(item.getValueType())) {
            out.append(name).append(": ").append(PersonName.of(value).written()).append('\n');
        } else {
            out.append(name).append(": ").append(value == null ? "" : value.replace('^', ' ')).append('\n');
        }
        for (int i = 0; i < item.getChildCount(); i++) {
            append(out, (ContentItem) item.getChildAt(i), depth + 1);
        }
        if ("CONTAINER".equals(item.getValueType()) && depth > 0) {
            out.append('\n');
        }
    }
}
