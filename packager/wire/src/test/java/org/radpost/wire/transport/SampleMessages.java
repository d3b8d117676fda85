package org.radpost.wire.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleStudy;

/** A generated study written as RadPost messages, for transport and outbox tests. */
public record SampleMessages(StudyBatch study, List<Path> messages) {
    public static final Addressing ADDRESSING = new Addressing(TlsMailServer.ADDRESS, "viewer1@radpost.test", Priority.STAT);

    /** Writes {@code images} CT images (256x256, about 128 KB each) and packages them under the size cap. */
    public static SampleMessages write(Path folder, int images, long sizeCap) throws IOException {
        SampleStudy.ct().writeImages(folder.resolve("dicom"), images);
        ScanResult scan = new StudyScanner().scan(List.of(folder.resolve("dicom")));
        StudyBatch study = scan.studies().get(0);
        List<Path> messages = new MessageWriter(sizeCap).write(ADDRESSING, study, folder.resolve("messages"));
        return new SampleMessages(study, messages);
    }
}
