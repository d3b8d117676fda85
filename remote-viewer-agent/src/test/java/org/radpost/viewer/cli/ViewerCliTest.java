package org.radpost.viewer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ViewerCliTest {
    @Test
    void exitsWithTwoAndNoServerWhenTheConfigurationIsIncomplete() {
        int code = new CommandLine(new ViewerCli()).execute("--data", "target/never-used", "--pop3-host", "dc.example");

        assertThat(code).isEqualTo(2);
    }
}
