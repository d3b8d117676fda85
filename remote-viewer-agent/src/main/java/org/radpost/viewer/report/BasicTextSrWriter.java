package org.radpost.viewer.report;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.viewer.dicom.Dicom;
import org.radpost.viewer.dicom.PersonName;
import org.radpost.wire.tls.OwnerOnly;

/**
 * Saves a report as a DICOM Basic Text SR (TID 2000 "Diagnostic Imaging Report": observer, Findings, Impressions)
 * in the study of the given image, plus its readable text rendering beside it ({@code <uid>.txt}).
 */
public final class BasicTextSrWriter {
    /** What was written: the report's UID, its DICOM file and its text rendering. */
    public record Written(SopInstanceUid sopInstanceUid, Path file, Path text) {
    }

    private final DicomHeaderReader headers = new DicomHeaderReader();

    public Written write(Path studyImageFile, ReportDraft draft, String reader, Path folder) throws IOException {
        try {
            AttributeList image = headers.readAttributes(studyImageFile);
            String uid = new UIDGenerator().getAnotherNewUID();
            ContentItemFactory f = new ContentItemFactory();
            ContentItem root = f.makeContainerContentItem(null, null, code("18748-4", "LN", "Diagnostic Imaging Report"),
                    true, "DCMR", "2000");
            f.makePersonNameContentItem(root, "HAS OBS CONTEXT", code("121008", "DCM", "Person Observer Name"),
                    PersonName.of(reader).dicom());
            ContentItem findings = f.makeContainerContentItem(root, "CONTAINS", code("121070", "DCM", "Findings"), true);
            f.makeTextContentItem(findings, "CONTAINS", code("121071", "DCM", "Finding"), draft.findings());
            ContentItem impressions = f.makeContainerContentItem(root, "CONTAINS", code("121072", "DCM", "Impressions"), true);
            f.makeTextContentItem(impressions, "CONTAINS", code("121073", "DCM", "Impression"), draft.impression());

            AttributeList sr = new AttributeList();
            sr.putAll(withContentSequences(root));
            Dicom.copyPatientAndStudy(image, sr);
            String[] now = Dicom.dateAndTimeNow();
            Dicom.put(sr, TagFromName.SOPClassUID, SOPClass.BasicTextSRStorage);
            Dicom.put(sr, TagFromName.SOPInstanceUID, uid);
            Dicom.put(sr, TagFromName.Modality, "SR");
            Dicom.put(sr, TagFromName.SeriesInstanceUID, new UIDGenerator().getAnotherNewUID());
            Dicom.put(sr, TagFromName.SeriesNumber, "9902");
            Dicom.put(sr, TagFromName.SeriesDescription, "RadPost report");
            Dicom.empty(sr, TagFromName.ReferencedPerformedProcedureStepSequence);
            Dicom.put(sr, TagFromName.Manufacturer, "RadPost");
            Dicom.put(sr, TagFromName.InstanceNumber, "1");
            Dicom.put(sr, TagFromName.CompletionFlag, "COMPLETE");
            Dicom.put(sr, TagFromName.VerificationFlag, "UNVERIFIED");
            Dicom.put(sr, TagFromName.ContentDate, now[0]);
            Dicom.put(sr, TagFromName.ContentTime, now[1]);
            Dicom.put(sr, TagFromName.InstanceCreationDate, now[0]);
            Dicom.put(sr, TagFromName.InstanceCreationTime, now[1]);
            Dicom.empty(sr, TagFromName.PerformedProcedureCodeSequence);

            Path file = folder.resolve(uid + ".dcm");
            Dicom.writePart10(sr, file);
            Path text = folder.resolve(uid + ".txt");
            try (OutputStream out = OwnerOnly.replacing(text)) {
                out.write(SrText.of(file).getBytes(StandardCharsets.UTF_8));
            }
            return new Written(SopInstanceUid.of(uid), file, text);
        } catch (DicomException | DicomFileException e) {
            throw new IOException("cannot write the report for the study of " + studyImageFile + ": " + e.getMessage(), e);
        }
    }

    /** PixelMed's factory links items as a tree but leaves each item's Content Sequence for us to fill. */
    private static AttributeList withContentSequences(ContentItem item) {
        AttributeList list = item.getAttributeList();
        if (item.getChildCount() > 0) {
            SequenceAttribute content = new SequenceAttribute(TagFromName.ContentSequence);
            for (int i = 0; i < item.getChildCount(); i++) {
                content.addItem(withContentSequences((ContentItem) item.getChildAt(i)));
            }
            list.put(content);
        }
        return list;
    }

    private static CodedSequenceItem code(String value, String scheme, String meaning) throws DicomException {
        return new CodedSequenceItem(value, scheme, meaning);
    }
}
