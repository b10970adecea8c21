package io.quiver.operator.dataplane;

import java.util.List;

/**
 * A resource group as the data plane reports it.
 *
 * @param name group name
 * @param requestedNodes nodes asked for (the group's capacity)
 * @param nodes nodes in the group now
 */
public record ResourceGroupState(String name, int requestedNodes, List<String> nodes) {}
