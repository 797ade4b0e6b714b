package io.citadel.security.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads policy files into a {@link PolicySet}. A file whose top-level object has a
 * {@code policies} field is a Ranger-style file ({@link RangerFormat}); any other is a Mesos ACL
 * file ({@link MesosFormat}). At most one Mesos file may be loaded (its {@code permissive} flag
 * and rule order would otherwise be ambiguous), and policy ids must be unique across files.
 *
 * <p>Loading is strict: unknown fields, duplicate keys, missing commas, trailing content, bad
 * resource spellings and wrong types are refused with a {@link PolicyFileException} naming file,
 * line, column and field. The count of policies and rules in force is logged at INFO, each Mesos
 * rule at DEBUG. Stateless and thread-safe.
 */
public final class PolicyLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyLoader.class);

    /** Loads {@code files} (in order) into one set; throws on the first bad file. */
    public PolicySet load(List<Path> files) {
        List<RangerPolicy> policies = new ArrayList<>();
        Map<String, Path> ids = new HashMap<>();
        MesosAcls mesos = null;
        Path mesosFile = null;
        for (Path file : files) {
            JsonTree.Obj root = JsonTree.parse(file);
            if (root.fields().containsKey("policies")) {
                List<RangerPolicy> read = RangerFormat.read(file, root);
                for (int i = 0; i < read.size(); i++) {
                    RangerPolicy p = read.get(i);
                    Path previous = ids.putIfAbsent(p.id(), file);
                    if (previous != null) {
                        throw new PolicyFileException(file, 0, 0, "policies[" + i + "].id",
                                "duplicate policy id '" + p.id() + "' (also in " + previous + ")", null);
                    }
                }
                policies.addAll(read);
                LOG.info("Read [{}] Ranger-style policies from [{}]", read.size(), file);
            } else {
                if (mesos != null) {
                    throw new PolicyFileException(file, root.line(), root.column(), "",
                            "a second Mesos ACL file (the first is " + mesosFile + "); merge them into one", null);
                }
                mesos = MesosFormat.read(file, root);
                mesosFile = file;
                logMesos(file, mesos);
            }
        }
        PolicySet set = new PolicySet(policies, mesos, files.toString());
        LOG.info("Policy set from [{}] in force: [{}] enabled policies, [{}] ACL rules", files,
                set.policyCount(), set.ruleCount());
        return set;
    }

    private static void logMesos(Path file, MesosAcls acls) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        acls.rules().forEach((action, rules) -> counts.put(action, rules.size()));
        LOG.info("Read [{}] Mesos ACL rules from [{}], permissive [{}], per action {}", acls.ruleCount(), file,
                acls.permissive(), counts);
        if (LOG.isDebugEnabled()) {
            acls.rules().values().forEach(rules -> rules.forEach(r -> LOG.debug("ACL rule [{}]", r)));
        }
    }
}
