"""Exact capacitated assignment on candidate edges, and LP dual prices that certify it.

Edges are (row, mentor, weight) with integer weights; a mentor with capacity c becomes c
interchangeable slot columns. Both solvers maximise the total weight of the chosen edges,
and any row may stay unmatched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching


@dataclass(frozen=True)
class Edges:
    """Candidate pairs: local row index, mentor index and integer weight (> 0)."""

    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class _Slots:
    """Edges repeated once per usable slot of their mentor."""

    rows: np.ndarray
    slots: np.ndarray
    weights: np.ndarray
    slot_mentor: np.ndarray


def _expand_slots(edges: Edges, remaining: np.ndarray) -> _Slots:
    """Give each mentor min(capacity, degree) slots: more could never be filled."""
    mentors, local, degree = np.unique(edges.cols, return_inverse=True, return_counts=True)
    per_mentor = np.minimum(remaining[mentors], degree)
    offsets = np.concatenate(([0], np.cumsum(per_mentor)))
    repeats = per_mentor[local]
    which = np.repeat(np.arange(len(edges)), repeats)
    copy = np.arange(len(which)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    return _Slots(edges.rows[which], offsets[local[which]] + copy, edges.weights[which],
                  np.repeat(mentors, per_mentor))


def solve_dense(n_rows: int, edges: Edges, remaining: np.ndarray) -> tuple[np.ndarray, ...]:
    """Optimal assignment with scipy's dense linear_sum_assignment; returns (rows, mentors)."""
    if len(edges) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    expanded = _expand_slots(edges, remaining)
    # Weight 0 marks a forbidden pair: every real edge weighs at least 1, so dropping
    # zero-weight assignments afterwards loses nothing.
    matrix = np.zeros((n_rows, len(expanded.slot_mentor)), dtype=np.float64)
    matrix[expanded.rows, expanded.slots] = expanded.weights
    row_ind, col_ind = linear_sum_assignment(matrix, maximize=True)
    real = matrix[row_ind, col_ind] > 0
    return row_ind[real].astype(np.int64), expanded.slot_mentor[col_ind[real]]


def _may_stay_unmatched(graph: csr_array) -> np.ndarray:
    """Rows left unmatched by at least one maximum-cardinality matching.

    A row outside this set is matched in every maximum matching, so when the objective puts
    the number matched first it needs no "unmatched" column. The set is found by
    alternating breadth-first search from the rows a maximum matching leaves unmatched.
    """
    match = maximum_bipartite_matching(graph, perm_type="column")
    owner = np.full(graph.shape[1], -1, dtype=np.int64)
    owner[match[match >= 0]] = np.flatnonzero(match >= 0)
    frontier = np.flatnonzero(match < 0)
    reached = np.zeros(graph.shape[0], dtype=bool)
    reached[frontier] = True
    while frontier.size:
        owners = owner[np.unique(graph[frontier].indices)]
        frontier = np.unique(owners[owners >= 0])
        frontier = frontier[~reached[frontier]]
        reached[frontier] = True
    return reached


def solve_sparse(n_rows: int, edges: Edges, remaining: np.ndarray,
                 most_matched: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Optimal assignment with scipy's sparse LAPJVsp; returns (rows, mentors).

    With `most_matched`, the weights must already rank any larger matching above any
    smaller one; rows that every maximum matching covers then get no "unmatched" column,
    which shrinks the problem without changing its optimum.
    """
    if len(edges) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    row_ids, local_rows = np.unique(edges.rows, return_inverse=True)  # rows with an edge
    expanded = _expand_slots(Edges(local_rows, edges.cols, edges.weights), remaining)
    n_local, n_slots = len(row_ids), len(expanded.slot_mentor)
    unmatched_ok = np.ones(n_local, dtype=bool)
    if most_matched:
        pattern = csr_array((np.ones(len(expanded.rows)), (expanded.rows, expanded.slots)),
                            shape=(n_local, n_slots))
        unmatched_ok = _may_stay_unmatched(pattern)
    optional = np.flatnonzero(unmatched_ok)
    top = int(edges.weights.max()) + 1
    # An optional row gets a private "unmatched" column costing `top`; a real edge costs
    # top - weight >= 1, so minimising cost maximises weight and no cost is zero.
    data = np.concatenate((top - expanded.weights, np.full(len(optional), top, dtype=np.int64)))
    rows = np.concatenate((expanded.rows, optional))
    cols = np.concatenate((expanded.slots, n_slots + np.arange(len(optional))))
    graph = csr_array((data.astype(np.float64), (rows, cols)),
                      shape=(n_local, n_slots + len(optional)))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    real = col_ind < n_slots
    return row_ids[row_ind[real]].astype(np.int64), expanded.slot_mentor[col_ind[real]]


def flow_available() -> bool:
    """True when OR-Tools' min-cost-flow solver is installed."""
    try:
        from ortools.graph.python import min_cost_flow  # noqa: F401
    except ImportError:
        return False
    return True


def solve_flow(n_rows: int, edges: Edges, remaining: np.ndarray,
               base: int | None = None) -> tuple[np.ndarray, ...]:
    """Optimal assignment as a min-cost flow (OR-Tools); returns (rows, mentors).

    Each row with an edge supplies one unit; it reaches the sink through one mentor (cost
    -weight; the mentor's arc to the sink carries its places left, so capacities need no
    slot copies) or through its own "unmatched" arc (cost 0). With `base` (every weight is
    base + score and base outweighs any total score, as in `most_matched`), the same
    optimum is found as a maximum flow of minimum cost -score with no "unmatched" arcs:
    the costs then stay small, which the cost-scaling solver rewards. `dual_prices`
    checks the result independently.
    """
    from ortools.graph.python import min_cost_flow

    if len(edges) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    row_ids, local_rows = np.unique(edges.rows, return_inverse=True)
    mentor_ids, local_cols = np.unique(edges.cols, return_inverse=True)
    n_local, n_mentors = len(row_ids), len(mentor_ids)
    sink = n_local + n_mentors
    degree = np.bincount(local_cols, minlength=n_mentors)
    bypass = np.arange(n_local) if base is None else np.empty(0, np.int64)
    tails = np.concatenate((local_rows, bypass, n_local + np.arange(n_mentors)))
    heads = np.concatenate((n_local + local_cols, np.full(len(bypass), sink),
                            np.full(n_mentors, sink)))
    capacities = np.concatenate((np.ones(len(edges) + len(bypass), dtype=np.int64),
                                 np.minimum(remaining[mentor_ids], degree)))
    gains = edges.weights.astype(np.int64) - (0 if base is None else base)
    costs = np.concatenate((-gains, np.zeros(len(bypass) + n_mentors, dtype=np.int64)))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32),
                                              capacities, costs)
    supplies = np.concatenate((np.ones(n_local, dtype=np.int64), np.zeros(n_mentors, np.int64),
                               [-n_local]))
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve() if base is None else flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not solve the assignment (status {status})")
    used = np.flatnonzero(flow.flows(np.arange(len(edges), dtype=np.int32)) > 0)
    return row_ids[local_rows[used]].astype(np.int64), mentor_ids[local_cols[used]]


def dual_prices(n_rows: int, n_mentors: int, edges: Edges, matched_rows: np.ndarray,
                matched_cols: np.ndarray, remaining: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LP dual prices (u per row, v per mentor) of an optimal assignment on `edges`.

    They satisfy u >= 0, v >= 0, u_i + v_j >= w_ij on every edge, with equality on matched
    edges, u_i = 0 for unmatched rows and v_j = 0 for mentors with a free slot. They are
    shortest-path distances in the difference-constraint graph of those conditions, found
    by Bellman-Ford sweeps vectorised over edges; the sweeps converge because the
    assignment is optimal (no negative cycle). Raises RuntimeError if it is not.
    """
    if len(edges) == 0:
        return np.zeros(n_rows, dtype=np.int64), np.zeros(n_mentors, dtype=np.int64)
    order = np.argsort(edges.cols, kind="stable")
    cols, rows, weights = edges.cols[order], edges.rows[order], edges.weights[order]
    heads = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    mentor_of = np.full(n_rows, -1, dtype=np.int64)
    mentor_of[matched_rows] = matched_cols
    matched = mentor_of >= 0
    matched_weight = np.zeros(n_rows, dtype=np.int64)
    matched_weight[matched_rows] = _edge_weights(edges, n_mentors, matched_rows, matched_cols)
    col_dist = np.zeros(n_mentors, dtype=np.int64)
    row_dist = np.where(matched, matched_weight, 0)
    for _ in range(n_rows + n_mentors + 2):
        best = np.minimum.reduceat(row_dist[rows] - weights, heads)
        new_cols = col_dist.copy()
        new_cols[cols[heads]] = np.minimum(col_dist[cols[heads]], best)
        new_rows = np.where(matched, np.minimum(row_dist, new_cols[mentor_of] + matched_weight), 0)
        if np.array_equal(new_cols, col_dist) and np.array_equal(new_rows, row_dist):
            break
        col_dist, row_dist = new_cols, new_rows
    else:
        raise RuntimeError("dual prices did not converge: the assignment is not optimal")
    load = np.bincount(matched_cols, minlength=n_mentors)
    has_room = load < remaining
    if (row_dist < 0).any() or (col_dist[has_room] < 0).any():
        raise RuntimeError("negative cycle found: the assignment is not optimal")
    return row_dist, -col_dist


def _edge_weights(edges: Edges, n_mentors: int, rows: np.ndarray, cols: np.ndarray):
    """Weights of the given (row, mentor) pairs, which must be edges."""
    codes = edges.rows.astype(np.int64) * n_mentors + edges.cols
    order = np.argsort(codes)
    found = order[np.searchsorted(codes[order], rows.astype(np.int64) * n_mentors + cols)]
    return edges.weights[found]
