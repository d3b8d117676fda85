package org.radpost.viewer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewerConfigTest {
    @TempDir
    Path dir;

    private Properties valid() throws Exception {
        Properties p = new Properties();
        p.setProperty("data", dir.resolve("data").toString());
        p.setProperty("pop3.host", "dc.example");
        p.setProperty("pop3.user", "viewer1@radpost.example");
        p.setProperty("pop3.password", "pw");
        p.setProperty("smtp.host", "dc.example");
        p.setProperty("smtp.security", "starttls");
        p.setProperty("smtp.port", "587");
        p.setProperty("truststore", Files.writeString(dir.resolve("truststore.p12"), "x").toString());
        p.setProperty("poll.seconds", "2.5");
        return p;
    }

    @Test
    void readsPropertiesWithDefaultsForWhatIsLeftOut() throws Exception {
        ViewerConfig config = ViewerConfig.fromProperties(valid());

        assertThat(config.pop3().port()).isEqualTo(995);
        assertThat(config.pop3().implicitTls()).isTrue();
        assertThat(config.smtp().implicitTls()).isFalse();
        assertThat(config.smtp().user()).isEqualTo("viewer1@radpost.example");
        assertThat(config.readerAddress()).isEqualTo("viewer1@radpost.example");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.webHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void failsFastWithASentenceNamingTheSettingToFix() throws Exception {
        Properties noHost = valid();
        noHost.remove("pop3.host");
        Properties badSecurity = valid();
        badSecurity.setProperty("pop3.security", "none");
        Properties noTrust = valid();
        noTrust.setProperty("truststore", dir.resolve("missing.p12").toString());

        assertThatThrownBy(() -> ViewerConfig.fromProperties(noHost)).hasMessage("the setting 'pop3.host' is missing");
        assertThatThrownBy(() -> ViewerConfig.fromProperties(badSecurity)).hasMessageContaining("use tls (POP3S/SMTPS) or starttls");
        assertThatThrownBy(() -> ViewerConfig.fromProperties(noTrust)).hasMessageContaining("cannot be read; point truststore=");
    }
}
