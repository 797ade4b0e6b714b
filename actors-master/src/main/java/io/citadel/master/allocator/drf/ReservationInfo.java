package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.Resources;
import java.util.Map;

/**
 * One dynamic reservation on an agent, with who made it and its labels. Immutable.
 *
 * @param role      the role holding it
 * @param resources what is reserved
 * @param principal who reserved it
 * @param labels    free-form labels given with the RESERVE
 */
public record ReservationInfo(String role, Resources resources, String principal, Map<String, String> labels) {}
