package org.radpost.viewer.annotate;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FloatSingleAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SignedLongAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.viewer.dicom.Dicom;
import org.radpost.viewer.dicom.PersonName;
import org.radpost.viewer.dicom.PresentationTags;

/**
 * Saves the shapes drawn on one image as a DICOM Grayscale Softcopy Presentation State that references the image
 * (Graphic Annotation Sequence on one layer); lines carry their length in mm as a text object.
 */
public final class PresentationStateWriter {
    static final String LAYER = "RADPOST";

    /** What was written: the new object's UID and its file. */
    public record Written(SopInstanceUid sopInstanceUid, Path file, List<String> measurements) {
    }

    private final DicomHeaderReader headers = new DicomHeaderReader();

    /** Writes the presentation state for the image into the folder as {@code <uid>.dcm}. */
    public Written write(Path imageFile, List<Shape> shapes, String reader, Path folder) throws IOException {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("nothing to save: draw an arrow, line, ellipse or text first");
        }
        try {
            AttributeList image = headers.readAttributes(imageFile);
            String uid = new UIDGenerator().getAnotherNewUID();
            String seriesUid = new UIDGenerator().getAnotherNewUID();
            AttributeList ps = new AttributeList();
            Dicom.copyPatientAndStudy(image, ps);
            String[] now = Dicom.dateAndTimeNow();
            Dicom.put(ps, TagFromName.SOPClassUID, SOPClass.GrayscaleSoftcopyPresentationStateStorage);
            Dicom.put(ps, TagFromName.SOPInstanceUID, uid);
            Dicom.put(ps, TagFromName.Modality, "PR");
            Dicom.put(ps, TagFromName.SeriesInstanceUID, seriesUid);
            Dicom.put(ps, TagFromName.SeriesNumber, "9901");
            Dicom.put(ps, TagFromName.Laterality, Dicom.string(image, TagFromName.Laterality));
            Dicom.put(ps, TagFromName.SeriesDescription, "RadPost annotations");
            Dicom.put(ps, TagFromName.Manufacturer, "RadPost");
            Dicom.put(ps, TagFromName.InstanceNumber, "1");
            Dicom.put(ps, TagFromName.ContentLabel, "ANNOTATION");
            Dicom.put(ps, TagFromName.ContentDescription, "Annotations by " + reader);
            Dicom.put(ps, TagFromName.PresentationCreationDate, now[0]);
            Dicom.put(ps, TagFromName.PresentationCreationTime, now[1]);
            Dicom.put(ps, TagFromName.ContentCreatorName, PersonName.of(reader).dicom());
            Dicom.put(ps, TagFromName.InstanceCreationDate, now[0]);
            Dicom.put(ps, TagFromName.InstanceCreationTime, now[1]);

            AttributeList referencedImage = referencedImage(image);
            AttributeList referencedSeries = new AttributeList();
            Dicom.put(referencedSeries, TagFromName.SeriesInstanceUID, Dicom.string(image, TagFromName.SeriesInstanceUID));
            Dicom.sequence(referencedSeries, TagFromName.ReferencedImageSequence, referencedImage);
            Dicom.sequence(ps, TagFromName.ReferencedSeriesSequence, referencedSeries);

            int rows = Attribute.getSingleIntegerValueOrDefault(image, TagFromName.Rows, 0);
            int columns = Attribute.getSingleIntegerValueOrDefault(image, TagFromName.Columns, 0);
            AttributeList area = new AttributeList();
            area.put(signedLongs(PresentationTags.DisplayedAreaTopLeftHandCorner, 1, 1));
            area.put(signedLongs(PresentationTags.DisplayedAreaBottomRightHandCorner, columns, rows));
            Dicom.put(area, PresentationTags.PresentationSizeMode, "SCALE TO FIT");
            Dicom.put(area, PresentationTags.PresentationPixelAspectRatio, "1\\1");
            Dicom.sequence(ps, PresentationTags.DisplayedAreaSelectionSequence, area);

            Optional<PixelSpacing> spacing = PixelSpacing.of(image);
            List<AttributeList> graphics = new ArrayList<>();
            List<AttributeList> texts = new ArrayList<>();
            List<String> measurements = new ArrayList<>();
            for (Shape shape : shapes) {
                addShape(shape, spacing, graphics, texts, measurements);
            }
            AttributeList annotation = new AttributeList();
            Dicom.put(annotation, PresentationTags.GraphicLayer, LAYER);
            Dicom.sequence(annotation, TagFromName.ReferencedImageSequence, referencedImage(image));
            if (!graphics.isEmpty()) {
                Dicom.sequence(annotation, PresentationTags.GraphicObjectSequence, graphics.toArray(AttributeList[]::new));
            }
            if (!texts.isEmpty()) {
                Dicom.sequence(annotation, PresentationTags.TextObjectSequence, texts.toArray(AttributeList[]::new));
            }
            Dicom.sequence(ps, TagFromName.GraphicAnnotationSequence, annotation);

            AttributeList layer = new AttributeList();
            Dicom.put(layer, PresentationTags.GraphicLayer, LAYER);
            Dicom.put(layer, PresentationTags.GraphicLayerOrder, 1);
            Dicom.put(layer, PresentationTags.GraphicLayerDescription, "Annotations by " + reader);
            Dicom.sequence(ps, PresentationTags.GraphicLayerSequence, layer);

            Dicom.put(ps, PresentationTags.ImageRotation, 0);
            Dicom.put(ps, PresentationTags.ImageHorizontalFlip, "N");
            copyModalityLut(image, ps);
            copyVoi(image, ps);
            Dicom.put(ps, TagFromName.PresentationLUTShape,
                    "MONOCHROME1".equals(Dicom.string(image, TagFromName.PhotometricInterpretation)) ? "INVERSE" : "IDENTITY");

            Path file = folder.resolve(uid + ".dcm");
            Dicom.writePart10(ps, file);
            return new Written(SopInstanceUid.of(uid), file, measurements);
        } catch (DicomException | DicomFileException e) {
            throw new IOException("cannot write a presentation state for " + imageFile + ": " + e.getMessage(), e);
        }
    }

    private static void addShape(Shape shape, Optional<PixelSpacing> spacing, List<AttributeList> graphics,
                                 List<AttributeList> texts, List<String> measurements) throws DicomException {
        List<Point> p = shape.points();
        switch (shape.kind()) {
            case LINE -> {
                graphics.add(graphic("POLYLINE", p.get(0), p.get(1)));
                String label = spacing.map(s -> String.format(Locale.ROOT, "%.1f mm", s.lengthMm(p.get(0), p.get(1))))
                        .orElse(String.format(Locale.ROOT, "%.1f px (no Pixel Spacing)",
                                Math.hypot(p.get(1).x() - p.get(0).x(), p.get(1).y() - p.get(0).y())));
                measurements.add(label);
                texts.add(text(shape.text().isEmpty() ? label : shape.text() + " " + label, p.get(1)));
            }
            case ARROW -> {
                Point tail = p.get(0);
                Point head = p.get(1);
                graphics.add(graphic("POLYLINE", tail, head));
                // The arrowhead: two short strokes back from the head at +-25 degrees.
                double angle = Math.atan2(tail.y() - head.y(), tail.x() - head.x());
                double length = Math.max(4, Math.min(15, Math.hypot(tail.x() - head.x(), tail.y() - head.y()) / 4));
                Point left = new Point(head.x() + length * Math.cos(angle + 0.45), head.y() + length * Math.sin(angle + 0.45));
                Point right = new Point(head.x() + length * Math.cos(angle - 0.45), head.y() + length * Math.sin(angle - 0.45));
                graphics.add(graphic("POLYLINE", left, head, right));
                if (!shape.text().isEmpty()) {
                    texts.add(text(shape.text(), tail));
                }
            }
            case ELLIPSE -> {
                double cx = (p.get(0).x() + p.get(1).x()) / 2;
                double cy = (p.get(0).y() + p.get(1).y()) / 2;
                double rx = Math.max(0.5, Math.abs(p.get(1).x() - p.get(0).x()) / 2);
                double ry = Math.max(0.5, Math.abs(p.get(1).y() - p.get(0).y()) / 2);
                // ELLIPSE is given by its major axis end points, then its minor axis end points.
                Point[] horizontal = {new Point(cx - rx, cy), new Point(cx + rx, cy)};
                Point[] vertical = {new Point(cx, cy - ry), new Point(cx, cy + ry)};
                graphics.add(rx >= ry ? graphic("ELLIPSE", horizontal[0], horizontal[1], vertical[0], vertical[1])
                        : graphic("ELLIPSE", vertical[0], vertical[1], horizontal[0], horizontal[1]));
                if (!shape.text().isEmpty()) {
                    texts.add(text(shape.text(), new Point(cx + rx, cy - ry)));
                }
            }
            case TEXT -> texts.add(text(shape.text(), p.get(0)));
        }
    }

    private static AttributeList graphic(String type, Point... points) throws DicomException {
        AttributeList g = new AttributeList();
        Dicom.put(g, PresentationTags.GraphicAnnotationUnits, "PIXEL");
        Dicom.put(g, PresentationTags.GraphicDimensions, 2);
        Dicom.put(g, PresentationTags.NumberOfGraphicPoints, points.length);
        FloatSingleAttribute data = new FloatSingleAttribute(TagFromName.GraphicData);
        for (Point p : points) {
            data.addValue((float) p.x());
            data.addValue((float) p.y());
        }
        g.put(data);
        Dicom.put(g, TagFromName.GraphicType, type);
        Dicom.put(g, PresentationTags.GraphicFilled, "N");
        return g;
    }

    private static AttributeList text(String value, Point anchor) throws DicomException {
        AttributeList t = new AttributeList();
        Dicom.put(t, PresentationTags.AnchorPointAnnotationUnits, "PIXEL");
        Dicom.put(t, PresentationTags.UnformattedTextValue, value);
        FloatSingleAttribute point = new FloatSingleAttribute(PresentationTags.AnchorPoint);
        point.addValue((float) anchor.x());
        point.addValue((float) anchor.y());
        t.put(point);
        Dicom.put(t, PresentationTags.AnchorPointVisibility, "N");
        return t;
    }

    private static AttributeList referencedImage(AttributeList image) throws DicomException {
        AttributeList ref = new AttributeList();
        Dicom.put(ref, TagFromName.ReferencedSOPClassUID, Dicom.string(image, TagFromName.SOPClassUID));
        Dicom.put(ref, TagFromName.ReferencedSOPInstanceUID, Dicom.string(image, TagFromName.SOPInstanceUID));
        return ref;
    }

    private static SignedLongAttribute signedLongs(com.pixelmed.dicom.AttributeTag tag, int a, int b) throws DicomException {
        SignedLongAttribute s = new SignedLongAttribute(tag);
        s.addValue(a);
        s.addValue(b);
        return s;
    }

    /** The Modality LUT module is required when the image has a rescale (CT Hounsfield units). */
    private static void copyModalityLut(AttributeList image, AttributeList ps) throws DicomException {
        String slope = Dicom.string(image, TagFromName.RescaleSlope);
        String intercept = Dicom.string(image, TagFromName.RescaleIntercept);
        if (!slope.isEmpty() && !intercept.isEmpty()) {
            Dicom.put(ps, TagFromName.RescaleSlope, slope);
            Dicom.put(ps, TagFromName.RescaleIntercept, intercept);
            String type = Dicom.string(image, TagFromName.RescaleType);
            Dicom.put(ps, TagFromName.RescaleType, type.isEmpty() ? ("CT".equals(Dicom.string(image, TagFromName.Modality)) ? "HU" : "US") : type);
        }
    }

    /** Keeps the image's own window so the state shows it as acquired. */
    private static void copyVoi(AttributeList image, AttributeList ps) throws DicomException {
        double[] center = Attribute.getDoubleValues(image, TagFromName.WindowCenter);
        double[] width = Attribute.getDoubleValues(image, TagFromName.WindowWidth);
        if (center != null && width != null && center.length > 0 && width.length > 0 && width[0] > 0) {
            AttributeList voi = new AttributeList();
            Dicom.put(voi, TagFromName.WindowCenter, format(center[0]));
            Dicom.put(voi, TagFromName.WindowWidth, format(width[0]));
            Dicom.sequence(ps, PresentationTags.SoftcopyVOILUTSequence, voi);
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
