package org.radpost.datacenter.deidentify;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Rewrites every instance UID in a data set, nested sequences included, through a mapping. Standard UIDs
 * (1.2.840.10008.*: SOP classes, transfer syntaxes, coding schemes of DICOM) and coding-scheme identifiers stay.
 */
final class UidRemapper {
    private static final String DICOM_ROOT = "1.2.840.10008.";
    /** Class and scheme identifiers: they name kinds of things, not this patient's things. */
    private static final Set<AttributeTag> KEPT = Set.of(TagFromName.SOPClassUID, TagFromName.ReferencedSOPClassUID,
            TagFromName.ReferencedSOPClassUIDInFile, TagFromName.RelatedGeneralSOPClassUID,
            TagFromName.OriginalSpecializedSOPClassUID, TagFromName.SOPClassesInStudy, TagFromName.TransferSyntaxUID,
            TagFromName.CodingSchemeUID, TagFromName.ContextGroupExtensionCreatorUID,
            TagFromName.PrivateInformationCreatorUID, TagFromName.MediaStorageSOPClassUID,
            TagFromName.ImplementationClassUID);

    private UidRemapper() {}

    /** Replaces each UID value for which {@code mapping} answers; values it leaves empty stay as they are. */
    static void remap(AttributeList list, Function<String, Optional<String>> mapping) throws DicomException {
        for (Attribute attribute : List.copyOf(list.values())) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    remap(sequence.getItem(i).getAttributeList(), mapping);
                }
            } else if (ValueRepresentation.isUniqueIdentifierVR(attribute.getVR()) && !KEPT.contains(attribute.getTag())) {
                String[] values = attribute.getStringValues();
                if (values == null) {
                    continue;
                }
                attribute.removeValues();
                for (String value : values) {
                    String uid = value.trim();
                    attribute.addValue(uid.isEmpty() || uid.startsWith(DICOM_ROOT) ? uid : mapping.apply(uid).orElse(uid));
                }
            }
        }
    }
}
