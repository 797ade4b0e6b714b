package io.citadel.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Parsing of /proc stat lines and of the supervisor's files, including hostile or broken content. */
class ProcessFilesParsingTest {

    private static final Path FILE = Path.of("/sandbox/exit_status");

    @Test
    void statParsingSurvivesACommandNameWithSpacesAndParentheses() {
        String line = "4242 (evil ) S 1 2 3) R 1 77 77 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 123456 "
                + "1000 200 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        ProcessIdentity.Stat stat = ProcessIdentity.Stat.parse(line);

        assertThat(stat).isEqualTo(new ProcessIdentity.Stat('R', 77, 123456));
    }

    @Test
    void exitStatusFileIsParsed() {
        assertThat(ExitStatus.parse(FILE, "kind=exited\nvalue=3\noom_killed=0\n")).isEqualTo(new ExitStatus.Exited(3, false));
        assertThat(ExitStatus.parse(FILE, "kind=signaled\nvalue=9\noom_killed=1\n"))
                .isEqualTo(new ExitStatus.Signaled(9, true));
    }

    @Test
    void brokenExitStatusFileIsLostNamingTheFile() {
        assertThat(ExitStatus.parse(FILE, "kind=exited\n").describe()).contains(FILE.toString()).contains("incomplete");
        assertThat(ExitStatus.parse(FILE, "kind=exploded\nvalue=1\noom_killed=0").describe()).contains("exploded");
        assertThat(ExitStatus.parse(FILE, "kind=exited\nvalue=x\noom_killed=0").describe()).contains("non-numeric");
    }

    @Test
    void pidFileMustHoldPidStartAndBootId() {
        assertThat(ProcessIdentity.parse(FILE, "12 345 abc-def\n")).isEqualTo(new ProcessIdentity(12, 345, "abc-def"));
        assertThatThrownBy(() -> ProcessIdentity.parse(FILE, "12\n")).hasMessageContaining(FILE.toString());
    }

    @Test
    void shellQuotingKeepsQuotesAndMetacharactersLiteral() {
        assertThat(SupervisorScript.quote("it's $HOME; `x`")).isEqualTo("'it'\\''s $HOME; `x`'");
    }
}
