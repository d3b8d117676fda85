package org.radpost.viewer.annotate;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.util.Optional;

/** Pixel Spacing (0028,0030): millimetres between rows and between columns; measurements use it. */
public record PixelSpacing(double betweenRows, double betweenColumns) {
    /** Pixel Spacing, else Imager Pixel Spacing (projection radiographs); empty when the image has neither. */
    public static Optional<PixelSpacing> of(AttributeList image) {
        for (var tag : new com.pixelmed.dicom.AttributeTag[] {TagFromName.PixelSpacing, TagFromName.ImagerPixelSpacing}) {
            double[] v = Attribute.getDoubleValues(image, tag);
            if (v != null && v.length == 2 && v[0] > 0 && v[1] > 0) {
                return Optional.of(new PixelSpacing(v[0], v[1]));
            }
        }
        return Optional.empty();
    }

    /** The distance between two points in millimetres. */
    public double lengthMm(Point a, Point b) {
        double dx = (b.x() - a.x()) * betweenColumns;
        double dy = (b.y() - a.y()) * betweenRows;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
