package io.citadel.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AgentResourcesTest {

    @Test
    void parsesMesosStaticReservations() {
        AgentResources a = AgentResources.parse("cpus(ads):8;mem(ads):4096;cpus:4;mem(*):1024;ports(ads):[80-81]");
        assertThat(a.unreserved()).isEqualTo(Resources.parse("cpus:4;mem:1024"));
        assertThat(a.reserved()).containsOnlyKeys("ads");
        assertThat(a.of("ads")).isEqualTo(Resources.parse("cpus:8;mem:4096;ports:[80-81]"));
        assertThat(a.of("*")).isEqualTo(a.unreserved());
        assertThat(a.of("other")).isEqualTo(Resources.EMPTY);
        assertThat(a.total()).isEqualTo(Resources.parse("cpus:12;mem:5120;ports:[80-81]"));
        assertThat(a).hasToString("cpus(ads):8;mem(ads):4096;ports(ads):[80-81];cpus:4;mem:1024");
        assertThat(AgentResources.parse(a.toString())).isEqualTo(a);
        assertThat(AgentResources.parse("")).isEqualTo(AgentResources.EMPTY);
    }

    @Test
    void rejectsBadRolesAndDuplicatesNamingTheField() {
        assertThatThrownBy(() -> AgentResources.parse("cpus(-x):1"))
                .isInstanceOf(InvalidResourcesException.class)
                .hasMessageContaining("cpus(-x): component '-x' must not start with '-'");
        assertThatThrownBy(() -> AgentResources.parse("cpus(ads):1;cpus(ads):2"))
                .hasMessageContaining("cpus(ads): given more than once");
        assertThatThrownBy(() -> AgentResources.parse("cpus(ads):-1;mem:abc"))
                .hasMessageContaining("cpus(ads): must not be negative")
                .hasMessageContaining("mem: is not a plain decimal number");
        assertThatThrownBy(() -> new AgentResources(Resources.EMPTY, Map.of("*", Resources.parse("cpus:1"))))
                .hasMessageContaining("reserved(*): unreserved resources belong in 'unreserved'");
    }

    @Test
    void aPortHeldByTwoRolesOnOneAgentIsRefused() {
        assertThatThrownBy(() -> AgentResources.parse("ports(ads):[31000-31010];ports:[31005-31020]"))
                .isInstanceOf(InvalidResourcesException.class)
                .hasMessageContaining("ports: ranges [31000-31010] and [31005-31020] overlap");
    }

    @Test
    void plusAndMinusPerRole() {
        AgentResources a = AgentResources.parse("cpus(ads):8;cpus:4");
        Resources one = Resources.parse("cpus:1");
        AgentResources b = a.minus("ads", one).minus("*", one);
        assertThat(b).hasToString("cpus(ads):7;cpus:3");
        assertThat(b.plus("ads", one).plus("*", one)).isEqualTo(a);
        assertThat(a.minus("ads", Resources.parse("cpus:8")).roles()).isEmpty();
        assertThat(a.plus("web", one).roles()).containsExactly("ads", "web");
        assertThatThrownBy(() -> a.minus("ads", Resources.parse("cpus:9")))
                .hasMessage("cpus: cannot subtract 9 from 8 (would be negative)");
        assertThatThrownBy(() -> a.plus("bad role", one)).hasMessageContaining("role 'bad role'");
        assertThat(a.isEmpty()).isFalse();
        assertThat(AgentResources.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void reservationsOfAnAncestorRoleAreOfferedToDescendants() {
        AgentResources a = AgentResources.parse("cpus(eng):2;cpus(eng/web):1;cpus(ops):4;cpus:8");
        assertThat(a.allocatableTo(Role.of("eng/web"))).isEqualTo(Resources.parse("cpus:11"));
        assertThat(a.allocatableTo(Role.of("eng"))).isEqualTo(Resources.parse("cpus:10"));
        assertThat(a.allocatableTo(Role.of("ops"))).isEqualTo(Resources.parse("cpus:12"));
        assertThat(a.allocatableTo(Role.of("dev"))).isEqualTo(Resources.parse("cpus:8"));
        assertThat(a.allocatableTo(Role.DEFAULT)).isEqualTo(Resources.parse("cpus:8"));
    }
}
