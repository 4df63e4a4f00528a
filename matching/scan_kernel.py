"""Compiled candidate scan (numba): one pass over a group's pairs, best `keep` kept per mentee.

The numpy scan in `matching.candidates` builds several full rows x mentors arrays per chunk
(tag products, pattern look-ups, a partition) for every pair; this kernel visits only the
pairs that share a session-window start, computes the same integer score from bitsets and
keeps a small top list per mentee, so its memory is the output. The arithmetic is the numpy
scan's, in the same float32 operations and order, so both give bit-identical scores (a test
compares them on random cohorts). numba is optional: without it `available()` is False and the
numpy scan runs.
"""

from __future__ import annotations

import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

MAX_THREADS = 4
PARALLEL_PAIRS = 4_000_000  # groups smaller than this many pairs run in one thread


def available() -> bool:
    """True when numba is installed (it is imported only when a scan first runs, so that
    importing `matching`, as every web worker and scheduler process does, stays fast)."""
    return importlib.util.find_spec("numba") is not None


def _bitset(matrix: np.ndarray) -> np.ndarray:
    """Rows of a 0/1 matrix as uint64 words (bit k of word w is column 64 w + k)."""
    bits = np.asarray(matrix) > 0
    words = max(1, -(-bits.shape[1] // 64))
    padded = np.zeros((bits.shape[0], words * 64), dtype=bool)
    padded[:, :bits.shape[1]] = bits
    packed = np.packbits(padded.reshape(len(bits), words, 64), axis=2, bitorder="little")
    return np.ascontiguousarray(packed.view("<u8").reshape(len(bits), words))


@dataclass(frozen=True)
class KernelInputs:
    """Per-person arrays the kernel reads, built once per ScoringContext."""

    mentee_exp: np.ndarray  # (n, words) uint64
    mentor_exp: np.ndarray
    mentee_goal: np.ndarray
    mentor_topic: np.ndarray
    exp_factor: np.ndarray  # float32 per mentee: weighted 1 / |experiences| (dyadic)
    goal_factor: np.ndarray
    waiting: np.ndarray  # float32 per mentee: weighted waiting term (dyadic)
    slot_bits: np.ndarray  # (patterns, words) uint64
    window_bits: np.ndarray
    mentee_pattern: np.ndarray
    mentor_pattern: np.ndarray
    age_table: np.ndarray  # float32 (mentee ages, mentor ages): weighted age term
    mentee_age_id: np.ndarray
    mentor_age_id: np.ndarray
    constants: np.ndarray  # float32 [slot minutes, 1 / cap, availability weight, scale]

    @classmethod
    def build(cls, ctx) -> KernelInputs:
        from matching.scoring import _age_closeness

        feats, weights = ctx.features, ctx.weights
        n_exp = feats.mentee_experiences.shape[1]
        n_goal = feats.mentee_goals.shape[1]
        linear = ctx.mentee_linear
        # Row factors as the numpy product uses them: every tag of a mentee carries the
        # same factor, so count * factor equals the sum over shared tags exactly.
        exp_factor = linear[:, :n_exp].max(axis=1, initial=0).astype(np.float32)
        goal_factor = linear[:, n_exp:n_exp + n_goal].max(axis=1, initial=0).astype(np.float32)
        age_table = (_age_closeness(ctx, np.arange(len(ctx.mentee_ages)),
                                    np.arange(len(ctx.mentor_ages)), True)
                     * np.float32(weights.age)).astype(np.float32)
        patterns = feats.patterns
        constants = np.array([patterns.slot_minutes, 1.0 / ctx.rules.availability_cap_minutes,
                              weights.availability, ctx.scale], dtype=np.float32)
        return cls(_bitset(feats.mentee_experiences), _bitset(feats.mentor_experiences),
                   _bitset(feats.mentee_goals), _bitset(feats.mentor_topics), exp_factor,
                   goal_factor, np.ascontiguousarray(linear[:, -1], dtype=np.float32),
                   _bitset(patterns.slots), _bitset(patterns.windows),
                   feats.mentee_pattern.astype(np.int64), feats.mentor_pattern.astype(np.int64),
                   np.ascontiguousarray(age_table), ctx.mentee_age_id.astype(np.int64),
                   ctx.mentor_age_id.astype(np.int64), constants)


def _popcount(x):
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


def _lowest_bit(x):
    """Index of the lowest set bit of a non-zero uint64."""
    return popcount((x & (~x + np.uint64(1))) - np.uint64(1))


def _scan_group(rows, cols, keep, thresholds, ex_lo, ex_hi, ex_cols,
                mentee_exp, group_exp, mentee_goal, group_topic, exp_factor, goal_factor,
                waiting, slot_bits, window_bits, mentee_pattern, group_slots, group_windows,
                age_table, mentee_age_id, group_age_id, constants,
                top_cols, top_scores, left_out, extra_rows, extra_cols,
                extra_scores):  # pragma: no cover - compiled by numba
    """Fill top_cols/top_scores (rows x keep, -1 = empty), left_out, and the extras.

    `group_*` hold the group's mentors contiguously, in the order of `cols`, so the inner
    loop reads them almost sequentially. Most pairs fail the session-window rule, so
    mentors are first indexed by the window
    starts they have; a mentee visits only the mentors sharing one of its window starts.
    The top list is the `keep` best by (score, then lower mentor index), whatever the
    visiting order. A pair whose score exceeds its row's threshold goes to the extras
    instead. Returns the number of extras, or -1 if the extra buffers were too small (the
    caller retries with larger ones).
    """
    slot_minutes, inv_cap, w_avail, scale = constants[0], constants[1], constants[2], \
        constants[3]
    one = np.float32(1.0)
    n_extra = 0
    capacity = len(extra_rows)
    n_exp_words, n_goal_words = mentee_exp.shape[1], mentee_goal.shape[1]
    n_slot_words, n_window_words = slot_bits.shape[1], window_bits.shape[1]
    n_cols = len(cols)
    # Inverted index: for each window-start bit, the group's mentors (positions) having it.
    starts = np.zeros(n_window_words * 64 + 1, dtype=np.int64)
    for c in range(n_cols):
        for w in range(n_window_words):
            x = group_windows[c, w]
            while x:
                starts[w * 64 + _lowest_bit(x) + 1] += 1
                x &= x - np.uint64(1)
    for b in range(1, len(starts)):
        starts[b] += starts[b - 1]
    members = np.empty(starts[-1], dtype=np.int64)
    fill = starts[:-1].copy()
    for c in range(n_cols):
        for w in range(n_window_words):
            x = group_windows[c, w]
            while x:
                bit = w * 64 + _lowest_bit(x)
                members[fill[bit]] = c
                fill[bit] += 1
                x &= x - np.uint64(1)
    seen = np.full(n_cols, -1, dtype=np.int64)
    for r in range(len(rows)):
        i = rows[r]
        p = mentee_pattern[i]
        threshold = thresholds[r]
        worst = 0  # position of the weakest kept pair once the list is full
        count = 0
        best_left = np.int32(-1)
        for w in range(keep):
            top_cols[r, w] = -1
            top_scores[r, w] = -1
        for w in range(n_window_words):
            x = window_bits[p, w]
            while x:
                bit = w * 64 + _lowest_bit(x)
                x &= x - np.uint64(1)
                for k in range(starts[bit], starts[bit + 1]):
                    c = members[k]
                    if seen[c] == r:
                        continue
                    seen[c] = r
                    j = cols[c]
                    banned = False
                    for e in range(ex_lo[r], ex_hi[r]):
                        if ex_cols[e] == j:
                            banned = True
                    if banned:
                        continue
                    shared_exp = np.uint64(0)
                    for v in range(n_exp_words):
                        shared_exp += popcount(mentee_exp[i, v] & group_exp[c, v])
                    shared_goal = np.uint64(0)
                    for v in range(n_goal_words):
                        shared_goal += popcount(mentee_goal[i, v] & group_topic[c, v])
                    common = np.uint64(0)
                    for v in range(n_slot_words):
                        common += popcount(slot_bits[p, v] & group_slots[c, v])
                    total = (np.float32(shared_exp) * exp_factor[i]
                             + np.float32(shared_goal) * goal_factor[i] + waiting[i])
                    term = np.float32(common) * slot_minutes * inv_cap
                    if term > one:
                        term = one
                    total = total + term * w_avail
                    total = total + age_table[mentee_age_id[i], group_age_id[c]]
                    total = total * scale
                    score = np.int32(np.rint(total))
                    if score > threshold:
                        if n_extra < capacity:
                            extra_rows[n_extra] = i
                            extra_cols[n_extra] = j
                            extra_scores[n_extra] = score
                        n_extra += 1
                        continue
                    if count < keep:
                        top_cols[r, count] = j
                        top_scores[r, count] = score
                        count += 1
                        if count < keep:
                            continue
                    elif score > top_scores[r, worst] or (
                            score == top_scores[r, worst] and j < top_cols[r, worst]):
                        if top_scores[r, worst] > best_left:
                            best_left = top_scores[r, worst]
                        top_cols[r, worst] = j
                        top_scores[r, worst] = score
                    else:
                        if score > best_left:
                            best_left = score
                        continue
                    worst = 0  # the list is full and changed: find its weakest pair again
                    for v in range(1, keep):
                        if top_scores[r, v] < top_scores[r, worst] or (
                                top_scores[r, v] == top_scores[r, worst]
                                and top_cols[r, v] > top_cols[r, worst]):
                            worst = v
        left_out[r] = best_left
    return n_extra if n_extra <= capacity else -1


_KERNEL = None


def _compiled_kernel():
    """Compile (or load from numba's cache) the kernel on first use."""
    global _KERNEL, popcount, _lowest_bit
    if _KERNEL is None:
        import numba

        # The kernel calls these by their module names, so they are compiled first.
        popcount = numba.njit(inline="always", cache=True)(_popcount)
        _lowest_bit = numba.njit(inline="always", cache=True)(_lowest_bit)
        _KERNEL = numba.njit(cache=True, nogil=True)(_scan_group)
    return _KERNEL


def scan_group(inputs: KernelInputs, rows: np.ndarray, cols: np.ndarray, keep: int,
               thresholds: np.ndarray | None, ex_lo: np.ndarray, ex_hi: np.ndarray,
               ex_cols: np.ndarray):
    """Return (top_cols, top_scores, left_out, extra_rows, extra_cols, extra_scores).

    Large groups are split into one block of rows per core, scanned in threads (the
    kernel releases the GIL); each block has its own outputs, so the result does not
    depend on the number of threads.
    """
    k = inputs
    kernel = _compiled_kernel()
    patterns = k.mentor_pattern[cols]
    group = (np.ascontiguousarray(k.mentor_exp[cols]), np.ascontiguousarray(k.mentor_topic[cols]),
             np.ascontiguousarray(k.slot_bits[patterns]),
             np.ascontiguousarray(k.window_bits[patterns]), k.mentor_age_id[cols])
    keep = max(int(keep), 1)
    if thresholds is None:
        thresholds = np.full(len(rows), np.iinfo(np.int64).max, dtype=np.int64)
        size = 1024
    else:
        size = max(1024, 4 * len(rows))

    def block(lo: int, hi: int):
        top_cols = np.empty((hi - lo, keep), dtype=np.int64)
        top_scores = np.empty((hi - lo, keep), dtype=np.int32)
        left_out = np.empty(hi - lo, dtype=np.int32)
        room = size
        while True:
            extra = (np.empty(room, np.int64), np.empty(room, np.int64), np.empty(room, np.int32))
            n = kernel(rows[lo:hi], cols, keep, thresholds[lo:hi], ex_lo[lo:hi], ex_hi[lo:hi],
                        ex_cols, k.mentee_exp, group[0], k.mentee_goal, group[1], k.exp_factor,
                        k.goal_factor, k.waiting, k.slot_bits, k.window_bits, k.mentee_pattern,
                        group[2], group[3], k.age_table, k.mentee_age_id, group[4],
                        k.constants, top_cols, top_scores, left_out, *extra)
            if n >= 0:
                return top_cols, top_scores, left_out, extra[0][:n], extra[1][:n], extra[2][:n]
            room *= 8

    threads = min(os.cpu_count() or 1, MAX_THREADS)
    if threads == 1 or len(rows) * len(cols) < PARALLEL_PAIRS:
        return block(0, len(rows))
    cuts = np.linspace(0, len(rows), threads + 1).astype(int)
    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(block, cuts[:-1], cuts[1:]))
    return tuple(np.concatenate([part[n] for part in parts]) for n in range(6))
