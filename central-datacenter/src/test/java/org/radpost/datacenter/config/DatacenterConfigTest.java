package org.radpost.datacenter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatacenterConfigTest {
    @TempDir
    Path dir;

    private Path properties(String text) throws Exception {
        Path file = dir.resolve("datacenter.properties");
        Files.writeString(file, "datacenter.data-dir=" + dir.resolve("data").toString().replace("\\", "/") + "\n" + text);
        return file;
    }

    @Test
    void refusesAMisspelledKeyAndSuggestsTheKnownOne() throws Exception {
        Path file = properties("datacenter.domian=hospital.example\n");
        assertThatThrownBy(() -> DatacenterConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datacenter.domian")
                .hasMessageContaining("datacenter.domain");
    }

    @Test
    void aPortOutOfRangeNamesThePropertyAsWritten() throws Exception {
        Path file = properties("datacenter.smtps-port=99999\n");
        assertThatThrownBy(() -> DatacenterConfig.load(file))
                .hasMessageContaining("datacenter.smtps-port")
                .hasMessageContaining("99999")
                .hasMessageNotContaining("smtpsPort");
    }

    @Test
    void aPortThatIsNoNumberNamesThePropertyAsWritten() throws Exception {
        Path file = properties("datacenter.pop3s-port=nine\n");
        assertThatThrownBy(() -> DatacenterConfig.load(file))
                .hasMessageContaining("datacenter.pop3s-port")
                .hasMessageContaining("nine");
    }

    @Test
    void readsEveryDocumentedKey() throws Exception {
        Path file = properties("datacenter.domain=hospital.example\ndatacenter.smtps-port=1465\n");
        DatacenterConfig config = DatacenterConfig.load(file);
        assertThat(config.domain()).isEqualTo("hospital.example");
        assertThat(config.smtpsPort()).isEqualTo(1465);
    }

    @Test
    void unflaggedSecondaryCaptureAndUltrasoundAreWithheldUnlessTheSettingSaysTrue() throws Exception {
        assertThat(DatacenterConfig.load(properties("datacenter.domain=hospital.example\n")).sendUnflaggedScUs()).isFalse();
        assertThat(DatacenterConfig.load(properties("datacenter.deidentify.send-unflagged-sc-us=true\n")).sendUnflaggedScUs())
                .isTrue();
        assertThatThrownBy(() -> DatacenterConfig.load(properties("datacenter.deidentify.send-unflagged-sc-us=yes\n")))
                .hasMessageContaining("datacenter.deidentify.send-unflagged-sc-us 'yes' is neither true nor false");
    }
}
