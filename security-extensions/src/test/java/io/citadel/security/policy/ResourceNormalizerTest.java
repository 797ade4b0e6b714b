package io.citadel.security.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "eng, eng",
            "eng/frontend, eng/frontend",
            "eng//frontend, eng/frontend",
            "/eng/frontend/, eng/frontend",
            "eng///a//b, eng/a/b",
            "Eng/Frontend, Eng/Frontend",
            "*, *",
    })
    void rolePathsNormalise(String raw, String expected) {
        assertThat(ResourceNormalizer.normalize("role", raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eng/./x", "eng/../ops", "..", ".", "eng/..", "eng x", "eng\\x", "eng\tx", "//", "r\u00e9le"})
    void badRolePathsRefused(String raw) {
        assertThatThrownBy(() -> ResourceNormalizer.normalize("role", raw))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("invalid role");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "HTTP://Example.TEST:80/a/./b//c, http://example.test/a/b/c",
            "http://example.test, http://example.test/",
            "https://example.test:443/x, https://example.test/x",
            "https://example.test:8443/x, https://example.test:8443/x",
            "https://example.test:08443/x, https://example.test:8443/x",
            "http://example.test:/x, http://example.test/x",
            "http://example.test./x, http://example.test/x",
            "http://a.test/a/b/../../../c, http://a.test/c",
            "http://a.test/a/%2e%2e/b, http://a.test/b",
            "http://a.test/%7Euser/%41%62, http://a.test/~user/Ab",
            "http://a.test/a%3fb, http://a.test/a%3Fb",
            "http://a.test/x?q=%7e1#frag, http://a.test/x?q=~1",
            "http://a.test/dir/, http://a.test/dir/",
            "http://a.test/dir/., http://a.test/dir/",
            "http://[::1]:80/x, http://[::1]/x",
            "file:///etc/x, file:///etc/x",
            "hdfs://NameNode:8020/data, hdfs://namenode:8020/data",
    })
    void urisNormalise(String raw, String expected) {
        assertThat(ResourceNormalizer.normalize("uri", raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://a.test@evil.test/x",   // user info hides the real host
            "http://a%2etest/x",           // escapes in the authority
            "http://a.test/a%2Fb",         // encoded slash
            "http://a.test/a%5cb",         // encoded backslash
            "http://a.test\\evil/x",       // backslash
            "http://a.test/%zz",           // malformed escape
            "http://a.test/a b",           // space
            "a.test/x",                    // no scheme
            "mailto:x@a.test",             // not hierarchical
            "http:///x",                   // empty host
            "http://a.test:99999/x",       // port range
            "http://a.test:8o/x",          // port syntax
    })
    void badUrisRefused(String raw) {
        assertThatThrownBy(() -> ResourceNormalizer.normalize("uri", raw))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("invalid uri");
    }

    @ParameterizedTest
    @CsvSource({"user, alice", "agent, agent-1.example.test", "framework_principal, Hdfs@REALM"})
    void namesAreKeptAsIs(String kind, String value) {
        assertThat(ResourceNormalizer.normalize(kind, value)).isSameAs(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ali\nce"})
    void badNamesRefused(String value) {
        assertThatThrownBy(() -> ResourceNormalizer.normalize("user", value))
                .isInstanceOf(InvalidResourceException.class);
    }
}
