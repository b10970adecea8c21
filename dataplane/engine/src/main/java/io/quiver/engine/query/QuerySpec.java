package io.quiver.engine.query;

import java.util.Set;

/**
 * A validated query: rows matching {@code filter}, optionally paged.
 *
 * @param filter row filter
 * @param partitions partition ids; null for every loaded partition
 * @param limit maximum rows, or -1 for no limit
 * @param offset rows to skip
 * @param orderByPrimaryKey return rows sorted by primary key ascending (needed for paging and
 *     iterators)
 */
public record QuerySpec(RowFilter filter, Set<Long> partitions, long limit, long offset, boolean orderByPrimaryKey) {}
