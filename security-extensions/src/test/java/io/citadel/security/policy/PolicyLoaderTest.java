package io.citadel.security.policy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strict loading: every malformed file is refused with file, line, column and field. */
class PolicyLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    private PolicyFileException refused(String json) throws IOException {
        Path f = write("bad.json", json);
        try {
            new PolicyLoader().load(List.of(f));
        } catch (PolicyFileException e) {
            assertThat(e.file()).isEqualTo(f);
            assertThat(e.getMessage()).contains(f.toString());
            return e;
        }
        throw new AssertionError("loaded a bad file: " + json);
    }

    @Test
    void B31_objectsInListNeverSilentlyMerged() throws IOException {
        // deny for ops and allow for dev on one line, "} {" without a comma
        PolicyFileException e = refused("""
                {"permissive": false,
                 "register_frameworks": [{"principals": {"values": ["ops"]}, "roles": {"type": "NONE"}} {"principals": {"values": ["dev"]}, "roles": {"type": "ANY"}}]}
                """);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isGreaterThan(80);
        assertThat(e.getMessage()).contains("comma");

        PolicyFileException ranger = refused("""
                {"policies": [{"id": "a", "resources": {"role": {"values": ["x"]}}} {"id": "b", "resources": {"role": {"values": ["y"]}}}]}""");
        assertThat(ranger.line()).isEqualTo(1);

        PolicyFileException root = refused("{\"permissive\": false} {\"permissive\": true}");
        assertThat(root.getMessage()).contains("after the top-level object");
    }

    @Test
    void B31_effectiveRuleCountIsLogged() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(PolicyLoader.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            new PolicyLoader().load(List.of(write("acls.json", """
                    {"register_frameworks": [
                      {"principals": {"values": ["ops"]}, "roles": {"type": "NONE"}},
                      {"principals": {"values": ["dev"]}, "roles": {"type": "ANY"}}]}""")));
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("[2] Mesos ACL rules") && m.contains("register_framework=2"))
                .anyMatch(m -> m.contains("[0] enabled policies, [2] ACL rules"));
    }

    @Test
    void duplicateKeysRefused() throws IOException {
        PolicyFileException e = refused("""
                {"register_frameworks": [
                  {"principals": {"values": ["ops"]}, "roles": {"type": "NONE"}, "roles": {"type": "ANY"}}]}""");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("Duplicate field 'roles'");
    }

    @Test
    void unknownFieldsRefusedWithPath() throws IOException {
        PolicyFileException e = refused("""
                {"policies": [
                  {"id": "a",
                   "resources": {"role": {"values": ["x"], "isRecursve": true}}}]}""");
        assertThat(e.field()).isEqualTo("policies[0].resources.role.isRecursve");
        assertThat(e.line()).isEqualTo(3);

        assertThat(refused("{\"register_framework\": []}").field()).isEqualTo("register_framework");
        assertThat(refused("{\"run_tasks\": [{\"principals\": {\"type\": \"ANY\"}, \"roles\": {\"type\": \"ANY\"}}]}")
                .field()).isEqualTo("run_tasks[0].roles");
    }

    @Test
    void badResourceSpellingRefusedWithPath() throws IOException {
        PolicyFileException e = refused("""
                {"policies": [{"id": "a", "resources": {"role": {"values": ["eng", "eng/../ops"]}},
                               "policyItems": [{"users": ["u"], "accesses": ["reserve"]}]}]}""");
        assertThat(e.field()).isEqualTo("policies[0].resources.role.values[1]");
        assertThat(e.getMessage()).contains("'..'");
    }

    @Test
    void semanticErrorsRefused() throws IOException {
        assertThat(refused("{\"policies\": [{\"id\": \"a\", \"resources\": {\"user\": {\"values\": [\"x\"], \"isRecursive\": true}}}]}")
                .field()).isEqualTo("policies[0].resources.user.isRecursive");
        assertThat(refused("{\"policies\": [{\"id\": \"a\", \"resources\": {}}]}").field()).isEqualTo("policies[0].resources");
        assertThat(refused("{\"policies\": [{\"resources\": {\"role\": {\"values\": [\"x\"]}}}]}").field()).isEqualTo("policies[0].id");
        assertThat(refused("{\"policies\": [{\"id\": \"a\", \"policyPriority\": \"HIGH\", \"resources\": {\"role\": {\"values\": [\"x\"]}}}]}")
                .field()).isEqualTo("policies[0].policyPriority");
        assertThat(refused("{\"policies\": [{\"id\": \"a\", \"resources\": {\"role\": {\"values\": [\"x\"]}}, \"policyItems\": [{\"accesses\": [\"reserve\"]}]}]}")
                .getMessage()).contains("names no users, groups or roles");
        assertThat(refused("{\"permissive\": \"no\"}").field()).isEqualTo("permissive");
        assertThat(refused("{\"run_tasks\": [{\"principals\": {\"type\": \"ALL\"}, \"users\": {\"type\": \"ANY\"}}]}")
                .field()).isEqualTo("run_tasks[0].principals.type");
        assertThat(refused("{\"run_tasks\": [{\"principals\": {\"type\": \"ANY\"}}]}").field()).isEqualTo("run_tasks[0].users");
        assertThat(refused("{\"view_state\": [{\"principals\": {\"type\": \"ANY\"}, \"state\": {\"values\": [\"x\"]}}]}")
                .getMessage()).contains("implicit");
        assertThat(refused("[]").getMessage()).contains("must be a JSON object");
        assertThat(refused("{\"permissive\": false // comment\n}").line()).isEqualTo(1);
    }

    @Test
    void duplicateIdsAndSecondMesosFileRefused() throws IOException {
        Path a = write("a.json", "{\"policies\": [{\"id\": \"p\", \"resources\": {\"role\": {\"values\": [\"x\"]}}}]}");
        Path b = write("b.json", "{\"policies\": [{\"id\": \"p\", \"resources\": {\"role\": {\"values\": [\"y\"]}}}]}");
        assertThatThrownBy(() -> new PolicyLoader().load(List.of(a, b))).hasMessageContaining("duplicate policy id 'p'");
        Path m1 = write("m1.json", "{}");
        Path m2 = write("m2.json", "{\"permissive\": true}");
        assertThatThrownBy(() -> new PolicyLoader().load(List.of(m1, m2))).hasMessageContaining("second Mesos ACL file");
    }

    @Test
    void rangerFileLoadsWithDefaults() throws IOException {
        PolicySet set = new PolicyLoader().load(List.of(write("p.json", """
                {"policies": [
                  {"id": "eng-register", "name": "eng may register under eng",
                   "resources": {"role": {"values": ["eng"], "isRecursive": true}},
                   "policyItems": [{"groups": ["eng"], "accesses": ["register_framework", "reserve"]}],
                   "allowExceptions": [{"users": ["intern"], "accesses": ["reserve"]}]},
                  {"id": "off", "isEnabled": false, "resources": {"role": {"values": ["*"]}},
                   "policyItems": [{"groups": ["public"], "accesses": ["*"]}]}
                ]}""")));
        assertThat(set.policyCount()).isEqualTo(1);
        Subject intern = new Subject("intern", java.util.Set.of("eng"), java.util.Set.of());
        assertThat(set.evaluate(AccessRequest.of(intern, Actions.REGISTER_FRAMEWORK, Map.of("role", "eng/x"))).allowed()).isTrue();
        assertThat(set.evaluate(AccessRequest.of(intern, Actions.RESERVE, Map.of("role", "eng/x"))).allowed()).isFalse();
    }
}
