package io.citadel.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributesTest {

    @Test
    void parsesTextScalarAndRanges() {
        Attributes a = Attributes.parse("rack:r1;zone:z2;level:3;slots:[5-6,1-2];path:/dev/sda");
        assertThat(a.get("rack")).contains(new Attributes.Text("r1"));
        assertThat(a.get("level")).contains(new Attributes.Scalar(3000));
        assertThat(a.get("slots")).contains(new Attributes.Ranges(
                List.of(new Attributes.Interval(1, 2), new Attributes.Interval(5, 6))));
        assertThat(a.text("zone")).contains("z2");
        assertThat(a.get("missing")).isEmpty();
        assertThat(a).hasToString("level:3;path:/dev/sda;rack:r1;slots:[1-2,5-6];zone:z2");
        assertThat(Attributes.parse(a.toString())).isEqualTo(a);
        assertThat(Attributes.parse("")).isEqualTo(Attributes.EMPTY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rack                | attribute 1: expected name:value",
            "9rack:r1            | 9rack: attribute name must match",
            "rack:r1;rack:r2     | rack: given more than once",
            "rack:               | rack: value must not be empty",
            "rack:a b            | rack: text must be 1..255",
            "level:-3            | level: must not be negative",
            "level:0.0001        | level: has more than 3 decimal places",
            "tags:{a,b}          | tags: set values are not supported",
            "slots:[5-1]         | slots: expected a range begin-end with begin <= end, got '5-1'",
            "slots:[1-2          | slots: expected ranges like"})
    void rejectsInvalidAttributesNamingThem(String text, String expected) {
        assertThatThrownBy(() -> Attributes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected.strip());
    }
}
