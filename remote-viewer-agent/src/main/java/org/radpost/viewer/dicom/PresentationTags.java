package org.radpost.viewer.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;

/**
 * Presentation-state tags that this PixelMed build's {@code TagFromName} lacks, resolved by their standard
 * keyword from PixelMed's own data dictionary (so no raw tag numbers appear in our code).
 */
public final class PresentationTags {
    public static final AttributeTag AnchorPoint = tag("AnchorPoint");
    public static final AttributeTag AnchorPointAnnotationUnits = tag("AnchorPointAnnotationUnits");
    public static final AttributeTag AnchorPointVisibility = tag("AnchorPointVisibility");
    public static final AttributeTag DisplayedAreaBottomRightHandCorner = tag("DisplayedAreaBottomRightHandCorner");
    public static final AttributeTag DisplayedAreaSelectionSequence = tag("DisplayedAreaSelectionSequence");
    public static final AttributeTag DisplayedAreaTopLeftHandCorner = tag("DisplayedAreaTopLeftHandCorner");
    public static final AttributeTag GraphicAnnotationUnits = tag("GraphicAnnotationUnits");
    public static final AttributeTag GraphicDimensions = tag("GraphicDimensions");
    public static final AttributeTag GraphicFilled = tag("GraphicFilled");
    public static final AttributeTag GraphicLayer = tag("GraphicLayer");
    public static final AttributeTag GraphicLayerDescription = tag("GraphicLayerDescription");
    public static final AttributeTag GraphicLayerOrder = tag("GraphicLayerOrder");
    public static final AttributeTag GraphicLayerSequence = tag("GraphicLayerSequence");
    public static final AttributeTag GraphicObjectSequence = tag("GraphicObjectSequence");
    public static final AttributeTag ImageHorizontalFlip = tag("ImageHorizontalFlip");
    public static final AttributeTag ImageRotation = tag("ImageRotation");
    public static final AttributeTag NumberOfGraphicPoints = tag("NumberOfGraphicPoints");
    public static final AttributeTag PresentationPixelAspectRatio = tag("PresentationPixelAspectRatio");
    public static final AttributeTag PresentationSizeMode = tag("PresentationSizeMode");
    public static final AttributeTag SoftcopyVOILUTSequence = tag("SoftcopyVOILUTSequence");
    public static final AttributeTag TextObjectSequence = tag("TextObjectSequence");
    public static final AttributeTag UnformattedTextValue = tag("UnformattedTextValue");

    private PresentationTags() {}

    private static AttributeTag tag(String keyword) {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
        if (tag == null) {
            throw new IllegalStateException("PixelMed's dictionary has no " + keyword + "; update libpixelmed-java");
        }
        return tag;
    }
}
