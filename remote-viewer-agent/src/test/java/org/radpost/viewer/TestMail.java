package org.radpost.viewer;


import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.config.MailServer;

/** GreenMail with POP3S and SMTPS on ephemeral ports, TLS keys from the test CA, and a viewer and a center account. */
public final class TestMail implements AutoCloseable {
    public static final String VIEWER = "viewer1@radpost.test";
    public static final String CENTER = "center1@radpost.test";
    public static final String PASSWORD = "secret-pw";

    public final GreenMail greenMail;

    public TestMail() {
        GreenMailTls.ca();
        greenMail = new GreenMail(new ServerSetup[] {
                ServerSetup.POP3S.createCopy("127.0.0.1").dynamicPort(),
                ServerSetup.SMTPS.createCopy("127.0.0.1").dynamicPort()});
        greenMail.start();
        greenMail.setUser(VIEWER, VIEWER, PASSWORD);
        greenMail.setUser(CENTER, CENTER, PASSWORD);
    }

    public MailServer pop3() {
        return new MailServer("127.0.0.1", greenMail.getPop3s().getPort(), true, VIEWER, PASSWORD);
    }

    public MailServer pop3Via(int port) {
        return new MailServer("127.0.0.1", port, true, VIEWER, PASSWORD);
    }

    public MailServer smtp() {
        return new MailServer("127.0.0.1", greenMail.getSmtps().getPort(), true, VIEWER, PASSWORD);
    }

    /** Packages a sample study with the packager and puts its message(s) into the viewer's mailbox. */
    public List<Path> deliverStudy(SampleStudy study, int images, long sizeCap, Priority priority, Path work) throws Exception {
        List<Path> files = study.writeImages(work.resolve("dicom-" + study.studyInstanceUid()), images);
        StudyBatch batch = new StudyScanner().scan(files).studies().get(0);
        List<Path> emls = new MessageWriter(sizeCap).write(new Addressing(CENTER, VIEWER, priority), batch,
                work.resolve("eml-" + study.studyInstanceUid()));
        for (Path eml : emls) {
            deliver(eml);
        }
        return emls;
    }

    public void deliver(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            greenMail.getUserManager().getUser(VIEWER).deliver(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }

    public int viewerMailboxSize() throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getUserManager().getUser(VIEWER)).getMessageCount();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
