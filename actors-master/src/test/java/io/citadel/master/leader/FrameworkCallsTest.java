package io.citadel.master.leader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameworkCallsTest {

  @Test
  void B28_declaredPrincipalIsCheckedAgainstTheAuthenticatedOne() {
    assertThat(FrameworkCalls.declaredMatches("", "hdfs@EXAMPLE.TEST")).isTrue();
    assertThat(FrameworkCalls.declaredMatches("hdfs", "hdfs@EXAMPLE.TEST")).isTrue();
    assertThat(FrameworkCalls.declaredMatches("hdfs@EXAMPLE.TEST", "hdfs@EXAMPLE.TEST")).isTrue();
    assertThat(FrameworkCalls.declaredMatches("marathon", "hdfs@EXAMPLE.TEST")).isFalse();
    assertThat(FrameworkCalls.declaredMatches("hdfs@OTHER.TEST", "hdfs@EXAMPLE.TEST")).isFalse();
    assertThat(FrameworkCalls.declaredMatches("hdf", "hdfs@EXAMPLE.TEST")).isFalse();
  }
}
