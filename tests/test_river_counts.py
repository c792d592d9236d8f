"""The column-river counts (difference arrays) agree with counting line by line."""
import random
from dataclasses import dataclass

from extract.pdf_stream_columns import _river_counts


@dataclass(frozen=True)
class _Seg:
    x0: float
    x1: float


def _brute(lines, mids):
    covers, gaps = [], []
    for mid in mids:
        c = g = 0
        for segs in lines:
            if any(s.x0 < mid < s.x1 for s in segs):
                c += 1
            elif len(segs) >= 2 and segs[0].x1 < mid < segs[-1].x0:
                g += 1
        covers.append(c)
        gaps.append(g)
    return covers, gaps


def test_river_counts_match_line_by_line_counting():
    rng = random.Random(11)
    for _ in range(500):
        lines = []
        for _ in range(rng.randint(1, 8)):
            xs = sorted(rng.choice([rng.randint(0, 30), rng.uniform(0, 30)]) for _ in range(2 * rng.randint(1, 4)))
            lines.append([_Seg(xs[i], xs[i + 1]) for i in range(0, len(xs), 2)])
        points = sorted({x for segs in lines for s in segs for x in (s.x0, s.x1)})
        mids = [(a + b) / 2 for a, b in zip(points, points[1:])]
        assert _river_counts(lines, mids) == _brute(lines, mids)


def test_river_counts_overlapping_segments_count_a_line_once():
    lines = [[_Seg(0, 10), _Seg(5, 20), _Seg(30, 40)]]
    mids = [2.0, 7.0, 15.0, 25.0, 35.0]
    assert _river_counts(lines, mids) == ([1, 1, 1, 0, 1], [0, 0, 0, 1, 0])
