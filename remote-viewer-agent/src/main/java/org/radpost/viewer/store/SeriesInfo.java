package org.radpost.viewer.store;

import java.util.List;
import org.radpost.wire.SeriesUid;

/** A series with its images in instance order. */
public record SeriesInfo(SeriesUid seriesUid, String modality, String seriesNumber, String description, List<ImageInfo> images) {
}
